"""Free loopback ports, waiting on a condition (never a fixed sleep), plain HTTP straight to loopback.

The same ones demstack.processes starts the mocks with; tests use them from here.
"""

from demstack.processes import NotReady, free_port, http_session, wait_until

__all__ = ["NotReady", "free_port", "http_session", "wait_until"]
