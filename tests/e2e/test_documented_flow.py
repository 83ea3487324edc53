"""The happy path of the instruction, every step verified, as the docs generator walks it."""

import pytest

from portal.flow import DocumentedPayment, Payer, Urls


def urls_of(stack) -> Urls:
    return Urls(site=stack.site_url, login=stack.login_url, gateway=stack.gateway_url, mailbox=stack.mailbox_url)


@pytest.mark.smoke
def test_the_documented_payment_works_step_by_step(page, steps, stack, subscriber, records):
    payer = Payer(
        login=subscriber.login,
        password=subscriber.password,
        account_id=subscriber.account_id,
        email=subscriber.email,
        amount="1000",
    )
    flow = DocumentedPayment(page, urls_of(stack), payer)
    for step in flow.steps():
        with steps(f"{step.id}: {step.title}"):
            step.run()
    seen = flow.seen
    assert seen.balance_after - seen.balance_before == 1000_00
    assert records.balance(subscriber.login) == subscriber.balance + 1000_00
    assert [p["external_id"] for p in records.payments(subscriber.login)] == [seen.transaction_id]
    assert len(records.mails_to(subscriber.email)) == 1
