"""The cabinet's settings: working defaults, overridable by CABINET_* environment variables and flags.

`python -m mock_cabinet` reads those (mockkit.settings); `create_app(config)` reads no environment.
"""

# A secret left empty is made at start (create_app): random, or kept in a file beside the database.
MADE_AT_START = ""

DEFAULTS = {
    # Where `python -m mock_cabinet` serves; `make serve` binds its own (DEM_CABINET_PORT).
    "HOST": "127.0.0.1",
    "PORT": 8001,
    "DATABASE": "var/cabinet.sqlite3",
    # Where «Заплатить» sends the browser: the hosted payment page.
    "CHRONOPAY_URL": "https://127.0.0.1:8443/",
    "CHRONOPAY_SHARED_SECRET": MADE_AT_START,  # read or create `shared-secret` beside the database
    "CHRONOPAY_PRODUCT_ID": "004704-0001-0001",
    # Shown by the gateway as «Назначение платежа»: the instruction shows the ISP's site name.
    "CHRONOPAY_PRODUCT_NAME": "www.deminternet.ru",
    # Base of cb_url/success_url/decline_url; empty: the address the browser used to reach us.
    "PUBLIC_URL": "",
    # Signs the session cookie; empty: a random key per start.
    "SECRET_KEY": MADE_AT_START,
    "AMOUNT_MIN_KOPECKS": 10_00,
    "AMOUNT_MAX_KOPECKS": 15_000_00,
    # Sender addresses allowed to post callbacks; empty: any (the sign is always checked).
    "CALLBACK_ALLOWED_IPS": (),
    # Failed logins per login name before the form stops trying (the `limits` notation).
    "LOGIN_THROTTLE": "5 per 15 minutes",
    "REGISTRATION_THROTTLE": "30 per hour",
    "SESSION_LIFETIME_SECONDS": 8 * 3600,
    "ISP_NAME": "ДЭМ Интернет",
    "ISP_SITE": "www.deminternet.ru",
    # A fixed time for reproducible screenshots (ISO 8601); empty: the real clock.
    "FROZEN_TIME": "",
}
ENV_PREFIX = "CABINET_"
