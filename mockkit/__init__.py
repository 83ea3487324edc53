"""Plumbing the mocks share: SQLite connections and migrations, the clock, settings from env."""
