"""What the test folders share, written once (nothing outside tests/ imports it):

- `known`: the values the tests fix: the merchant's shared secret, the frozen time, the product.
- `subscribers`: subscribers and prepaid cards through the cabinet's own functions, one light hash.
- `payment_request`: the merchant's signed request to the payment page.
- `callbacks`: the gateway's signed callback to the cabinet.
- `html`: our pages as a user reads them (`Page`, `CabinetPage`, `GatewayPage`).
- `templates`: compiled Jinja templates shared by the many apps a session creates.
- `waits`: free loopback ports, waiting on a condition, plain HTTP to loopback.
- `outbox`: what the gateway queued for delivery, and whether it went.
- `payer`: a payer without a browser, over the served stack.
"""
