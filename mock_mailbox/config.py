"""The mailbox's settings: working defaults, overridable by MAILBOX_* environment variables and flags.

`python -m mock_mailbox` reads those (mockkit.settings); `create_app(config)` reads no environment.
"""

DEFAULTS = {
    "HOST": "127.0.0.1",
    "SMTP_PORT": 2525,
    "WEB_PORT": 8025,
    # A Maildir (cur/new/tmp): plain files that outlive the server and any mail client can read.
    "MAILDIR": "var/mail",
    # Shown on the inbox page so a person knows where the mocks send; empty: not shown.
    "SMTP_ADDRESS": "",
}
ENV_PREFIX = "MAILBOX_"
