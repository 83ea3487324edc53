"""What the test folders share, written once (nothing outside tests/ imports it):

- `known`: the values the tests fix: the merchant's shared secret, the frozen time, the product.
- `subscribers`: subscribers and prepaid cards through the cabinet's own functions, one light hash.
- `payment_request`: the merchant's signed request, and a browser opening the payment page with it.
- `cards`: the test cards of PROTOCOL.md section 4 and the card form as a payer fills it in.
- `callbacks`: the gateway's signed callback to the cabinet.
- `html`: our pages as a user reads them (`Page`, `CabinetPage`, `GatewayPage`).
- `templates`: compiled Jinja templates shared by the many apps a session creates.
- `apps`: gateway apps made per test and stopped after; apps served on free loopback ports.
- `waits`: free loopback ports, waiting on a condition, plain HTTP to loopback.
- `outbox`: what the gateway queued for delivery, and whether it went.
- `payer`: a payer without a browser, over the served stack.
- `merchant`: a merchant's site on loopback that answers callbacks as told and keeps every hit.
- `client_shapes`: every request shape of PROTOCOL.md 3a, signed by hand, with a forged twin each.
"""
