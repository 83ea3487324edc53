"""Stacks of their own for the browser scenarios about kinds of merchant and request shapes.

Each runs beside the session's stack and shares its gateway certificate (the one the browser was
started trusting), so its pages open over HTTPS like the session's do.
"""

from contextlib import contextmanager

from demstack.stack import Stack, StackOptions


@contextmanager
def stack_beside(session_stack: Stack, data_dir, **options):
    """A Stack with its own ports and databases, the session stack's certificate and `options`."""
    tls_dir = session_stack.certificate.cert_file.parent if session_stack.certificate else None
    settings = {"demo_count": 1, "retry_base_seconds": 0.2, "slow_bank_seconds": 1.5, **options}
    with Stack(
        StackOptions(
            data_dir=data_dir,
            bind_host=session_stack.options.bind_host,
            public_host=session_stack.options.public_host,
            tls_dir=tls_dir,
            **settings,
        )
    ) as stack:
        yield stack
