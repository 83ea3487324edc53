"""The embedded stack: everything that runs the mocks together for people, tests and docs.

- `browser`: finds (or installs) the Chromium to drive, and tells it which certificates to trust.
- `processes`: each mock as its own process (`python -m mock_*`), polled until it answers.
- `stack`: starts mail capture, the gateway and the cabinet, wired to each other (each served by
  mockkit.serving on a real socket).
- `serve`: `make serve`, the stack for a person at a keyboard.
"""
