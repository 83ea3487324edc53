"""Jinja's compiled templates shared by the many Flask apps a fast test session creates.

Each test builds a fresh app (a clean state per test); compiling the same templates for every
one of them was a third of the fast suites' CPU time. Buckets are keyed by template name and
source checksum (Jinja's own keys), so a changed template is compiled anew.
"""

import jinja2


class SharedTemplateCache(jinja2.BytecodeCache):
    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


SHARED = SharedTemplateCache()


def share_compiled_templates(app):
    """The app, its templates compiled once per test session."""
    app.jinja_env.bytecode_cache = SHARED
    return app
