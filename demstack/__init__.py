"""The embedded stack: everything that runs the mocks together for people, tests and docs.

- `browser`: finds (or installs) the Chromium to drive.
- `servers`: serves a WSGI app from a background thread on a real socket (cheroot, TLS optional).
- `stack`: starts mail capture, the gateway and the cabinet, wired to each other.
- `serve`: `make serve`, the stack for a person at a keyboard.
"""
