"""The gateway's settings: working defaults, overridable by CHRONOPAY_* environment variables and flags.

`python -m mock_chronopay` reads those (mockkit.settings); `create_app(config)` reads no environment.
"""

# A secret left empty is made at start (create_app): random, or kept in a file beside the database.
MADE_AT_START = ""

DEFAULTS = {
    # Where `python -m mock_chronopay` serves; `make serve` binds its own (DEM_GATEWAY_PORT).
    "HOST": "127.0.0.1",
    "PORT": 8443,
    "DATABASE": "var/chronopay.sqlite3",
    "SHARED_SECRET": MADE_AT_START,  # read or create `shared-secret` beside the database
    "TLS": True,  # HTTPS with a certificate generated beside the database on first start
    # The merchant, as receipts name it («Магазин»).
    "MERCHANT_NAME": "ДЭМ Интернет",
    # The product registered at start in the merchant cabinet (registry.py; the operator's page
    # registers others). Its name is «Назначение платежа» on the page and in the receipt.
    "PRODUCT_ID": "004704-0001-0001",
    "PRODUCT_NAME": "www.deminternet.ru",
    "PRODUCT_CURRENCY": "RUB",
    # Where a request that leaves cb_url, success_url or decline_url out is sent; empty: nowhere.
    "PRODUCT_CB_URL": "",
    "PRODUCT_SUCCESS_URL": "",
    "PRODUCT_DECLINE_URL": "",
    # cb_url, success_url and decline_url must start with one of these (no open redirect).
    "MERCHANT_URLS": ("http://127.0.0.1:8001/",),
    # "Order uniqueness": every request carries order_id, and an order is paid at most once.
    "ORDER_UNIQUE": True,
    "SMTP": "127.0.0.1:2525",
    "MAIL_FROM": "CHRONOPAY <receipts@chronopay.test>",
    # Callback and mail retries: the n-th retry waits RETRY_BASE_SECONDS * 2**(n-1), at most RETRY_MAX;
    # a message still failing RETRY_FOR_SECONDS after its first failed try is marked failed and
    # shown on the operator's page, which can send it again.
    "RETRY_BASE_SECONDS": 2.0,
    "RETRY_MAX_SECONDS": 300.0,
    "RETRY_FOR_SECONDS": 24 * 3600.0,
    "DELIVERY_TIMEOUT_SECONDS": 10.0,
    # How long the slow test bank (5105 1051 0510 5100) thinks.
    "SLOW_BANK_SECONDS": 3.0,
    # The operator page's password (user `operator`); empty: `operator-password` beside the database.
    "OPERATOR_PASSWORD": MADE_AT_START,
    "SECRET_KEY": MADE_AT_START,
    # A fixed time for reproducible screenshots and receipts (ISO 8601); empty: the real clock.
    "FROZEN_TIME": "",
}
ENV_PREFIX = "CHRONOPAY_"
