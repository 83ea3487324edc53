"""The mail server down while subscribers pay through the served stack: the payments stand (approved,
called back, credited), and once the same server is back on the same port, every payer gets
exactly one receipt."""

from contextlib import closing

import pytest

from demstack.stack import Stack, StackOptions
from mock_cabinet import demo
from mockkit.sqlite import connect
from tests.support.outbox import all_delivered, outbox
from tests.support.payer import Payer
from tests.support.waits import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

VISA = "4111 1111 1111 1111"
MASTERCARD = "5555 5555 5555 4444"
DECLINED = "4000 0000 0000 0002"


def test_payments_stand_while_smtp_is_down_and_each_receipt_arrives_once_it_is_back(tmp_path):
    options = StackOptions(
        data_dir=tmp_path,
        demo_count=2,
        retry_base_seconds=0.05,
        slow_bank_seconds=0.2,
        gateway_overrides={"RETRY_MAX_SECONDS": 0.3},
    )
    with Stack(options) as stack:
        stack.smtp.stop()
        payments = []
        for number, person in enumerate(demo.demo_subscribers(options.demo_seed, options.demo_count)):
            payer = Payer(stack).log_in(person.login, person.password)
            for card, amount in ((VISA, "1000"), (MASTERCARD, "250,50"), (DECLINED, "300")):
                payments.append(payer.pay(amount, card, email=f"payer{number}.{len(payments)}@example.com"))
        approved = [payment for payment in payments if payment.status == "approved"]
        assert [payment.status for payment in payments].count("declined") == 2
        assert len(approved) == 4

        def credited():
            with closing(connect(stack.cabinet_db_path)) as db:
                paid = {row[0] for row in db.execute("SELECT id FROM orders WHERE status = 'paid'")}
            return paid == {payment.order_id for payment in approved}

        # The payments stand: every approved one is called back and credited while no mail can go.
        wait_until(credited, timeout=30, what="every approved payment credited")

        def every_receipt_refused_twice():
            rows = outbox(stack.gateway_db_path, "mail")
            return len(rows) == len(payments) and all(row["tries"] >= 2 and not row["delivered_at"] for row in rows)

        wait_until(every_receipt_refused_twice, timeout=30, what="each receipt refused twice")
        assert stack.inbox.count() == 0

        stack.smtp.start()  # the same server, the same port
        wait_until(lambda: all_delivered(stack.gateway_db_path, "mail"), timeout=30, what="every receipt sent")
        received = stack.inbox.messages()
        assert sorted(address for message in received for address in message.recipients) == sorted(
            payment.email for payment in payments
        )
        for payment in payments:
            [receipt] = stack.inbox.messages(to=payment.email)
            result = "Платеж успешно выполнен" if payment.status == "approved" else "Платеж отклонен"
            assert receipt.subject.startswith(f"ChronoPay: {result},"), receipt.subject
