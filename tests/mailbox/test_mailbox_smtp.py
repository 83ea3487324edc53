"""The SMTP server: free ports, readiness, an outage and recovery on the same port, the Maildir on disk."""

import smtplib
import socket

import pytest
from mailbox_helpers import letter, send

from mock_mailbox import Inbox, SmtpCapture, start_smtp
from mock_mailbox.smtp import SERVER_NAME


def subjects(inbox):
    return [message.subject for message in inbox.messages()]


def test_port_zero_binds_a_free_port_that_answers_as_soon_as_start_returns(smtp):
    assert smtp.port != 0
    assert smtp.running
    # No retry and no wait: start() returned, so the greeting is there.
    with smtplib.SMTP(smtp.host, smtp.port, timeout=5) as client:
        code, reply = client.ehlo()
    assert code == 250
    assert SERVER_NAME in reply.decode()
    assert smtp.address == f"127.0.0.1:{smtp.port}"


def test_two_servers_get_two_ports(smtp, tmp_path):
    with start_smtp(tmp_path / "other") as other:
        assert other.port != smtp.port


def test_a_message_is_stored_once_the_server_has_said_250(smtp, inbox):
    assert send(smtp, letter()) == {}
    [message] = inbox.messages()
    assert message.subject == "Чек об оплате"
    assert message.envelope_from == "noreply@chronopay.test"


def test_outage_and_recovery_on_the_same_port(smtp, inbox):
    send(smtp, letter("до остановки"))
    port = smtp.port

    smtp.stop()
    assert not smtp.running
    with pytest.raises(OSError):  # the gateway sees the outage as a refused connection
        smtplib.SMTP(smtp.host, port, timeout=5)

    smtp.start()
    assert smtp.port == port
    send(smtp, letter("после остановки"))
    assert subjects(inbox) == ["до остановки", "после остановки"]


def test_a_given_port_is_used(maildir):
    probe = start_smtp(maildir)
    port = probe.port
    probe.stop()
    with SmtpCapture(maildir, port=port) as capture:
        assert capture.port == port
        send(capture, letter())
    assert Inbox(maildir).count() == 1


def test_a_busy_port_fails_at_start(smtp, tmp_path):
    with pytest.raises(OSError):
        start_smtp(tmp_path / "other", port=smtp.port)
    assert smtp.running  # the first server is untouched


def test_starting_a_running_server_again_is_refused(smtp):
    with pytest.raises(RuntimeError, match="already running"):
        smtp.start()


def test_stop_cuts_off_an_idle_client_and_is_idempotent(smtp):
    client = smtplib.SMTP(smtp.host, smtp.port, timeout=5)
    client.ehlo()
    smtp.stop()  # must not wait for the client to leave
    smtp.stop()
    with pytest.raises((smtplib.SMTPServerDisconnected, OSError)):
        client.noop()
    client.close()


def test_the_maildir_survives_a_new_server_process(maildir):
    with start_smtp(maildir) as first:
        send(first, letter("первое"))
    # A different server object over the same folder, as after `make serve` is restarted.
    with start_smtp(maildir) as second:
        send(second, letter("второе"))
    assert subjects(Inbox(maildir)) == ["первое", "второе"]
    assert len(list((maildir / "new").iterdir())) == 2


def test_an_existing_empty_folder_becomes_a_maildir(tmp_path):
    folder = tmp_path / "made-by-hand"
    folder.mkdir()
    with start_smtp(folder) as capture:
        send(capture, letter())
    assert Inbox(folder).count() == 1


def test_the_stored_file_has_the_envelope_on_top_and_unix_line_ends(smtp, maildir):
    send(smtp, letter(to="payer@example.com"), to_addrs=["payer@example.com", "audit@example.com"])
    [path] = (maildir / "new").iterdir()
    data = path.read_bytes()
    assert data.startswith(b"Return-Path: <noreply@chronopay.test>\nX-Envelope-To: payer@example.com,\n")
    assert b"\r\n" not in data


def test_an_envelope_address_with_a_control_character_is_refused(smtp, inbox):
    # A bare LF ends an SMTP line for aiosmtpd, so only other control characters get this far;
    # written into X-Envelope-To they could still confuse a reader.
    with socket.create_connection((smtp.host, smtp.port), timeout=5) as sock:
        replies = sock.makefile("rb")

        def say(line: bytes) -> bytes:
            sock.sendall(line + b"\r\n")
            reply = replies.readline()
            while reply[3:4] == b"-":
                reply = replies.readline()
            return reply

        replies.readline()  # greeting
        say(b"EHLO tester")
        say(b"MAIL FROM:<noreply@chronopay.test>")
        say(b"RCPT TO:<pay\x01er@example.com>")
        assert say(b"DATA").startswith(b"354")
        assert say(b"Subject: x\r\n\r\nbody\r\n.").startswith(b"553")
    assert inbox.count() == 0
