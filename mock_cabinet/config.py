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
    # Sent as product_name (the gateway itself shows the product's registered name).
    "CHRONOPAY_PRODUCT_NAME": "www.deminternet.ru",
    # What kind of merchant the cabinet is (PROTOCOL.md 3a), all as the ISP's own module by default:
    # "4-part" sends order_id and signs it; "3-part" sends none (the order travels in cs3), as
    # nopCommerce, 1C-Bitrix and Leyka do without "order uniqueness".
    "CHRONOPAY_SIGN": "4-part",
    # "two-decimals": 1000.00; "php-float": 1000, 1000.5 (the WooCommerce and Magento 2 plugins).
    "CHRONOPAY_PRICE_FORMAT": "two-decimals",
    # GET: «Заплатить» redirects with the request in the address; POST: a page posts it as a form.
    "CHRONOPAY_METHOD": "GET",
    # Minutes the gateway's page may take the payment (orderTimelimit, signed after order_id); 0: not sent.
    "CHRONOPAY_ORDER_TIMELIMIT": 0,
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
