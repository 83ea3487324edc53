"""What the callbacks of a load must leave in the cabinet: each order credited once, nothing else."""

from collections import Counter

from benchmarks.callback_load import Money, Order


def assert_credited_exactly_once(before: Money, after: Money, orders: list[Order]) -> None:
    """Every order credited once under its transaction id, each owner's balance grown by their orders."""
    booked = Counter((kind, external_id) for kind, external_id, _order, _amount in after.payments)
    assert max(booked.values(), default=0) == 1, [key for key, count in booked.items() if count > 1]
    new_payments = after.payments[len(before.payments) :]
    assert sorted(new_payments) == sorted(("chronopay", o.transaction_id, o.id, o.amount) for o in orders)
    assert after.paid_orders - before.paid_orders == {order.id for order in orders}
    grown = Counter()
    for order in orders:
        grown[order.subscriber_id] += order.amount
    for subscriber, balance in after.balances.items():
        assert balance == before.balances.get(subscriber, 0) + grown[subscriber], subscriber
    assert sum(after.balances.values()) - sum(before.balances.values()) == sum(order.amount for order in orders)
    assert after.integrity
