"""Fixtures of the mailbox tests: a real SMTP server on a free port over a fresh Maildir."""

import pytest

from mock_mailbox import Inbox, create_app, start_smtp


@pytest.fixture
def maildir(tmp_path):
    return tmp_path / "mail"


@pytest.fixture
def smtp(maildir):
    capture = start_smtp(maildir)
    yield capture
    capture.stop()


@pytest.fixture
def inbox(maildir):
    return Inbox(maildir)


@pytest.fixture
def client(maildir):
    return create_app({"MAILDIR": str(maildir)}).test_client()
