"""The values the tests fix, so that what they expect can be written down."""

from mock_chronopay.config import DEFAULTS as GATEWAY_DEFAULTS
from mockkit.clock import make_clock

# The merchant's shared secret of PROTOCOL.md's worked examples: their signs hold in the tests too.
SHARED_SECRET = "s3cr3t-shared"
# A fixed time for the apps of the fast tests: 17:35 in Moscow.
FROZEN_TIME = "2026-11-25T14:35:00Z"
NOW = make_clock(FROZEN_TIME)()
# The product the gateway registers at start unless told otherwise, and its registered name:
# «Назначение платежа» on the page and in the receipt, whatever product_name a request sends.
PRODUCT_ID = GATEWAY_DEFAULTS["PRODUCT_ID"]
REGISTERED_NAME = GATEWAY_DEFAULTS["PRODUCT_NAME"]
