"""The ChronoPay hosted-page wire protocol (PROTOCOL.md section 3) and money formats.

Both mocks speak it: the cabinet signs requests and verifies callbacks, the gateway verifies
requests and signs callbacks. One module owns each formula so the two sides cannot drift apart.
"""
