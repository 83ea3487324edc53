-- The sign of the callback that booked a payment (lower-case hex; NULL for prepaid cards).
-- ChronoPay signs customer_id and transaction_id concatenated without a separator, so a captured
-- sign also fits other ids ("100001" + "7890001" = "10000" + "17890001"): replayed with the digits
-- shifted and another order's id, it would book a second time. A sign books one payment only.
ALTER TABLE payments ADD COLUMN callback_sign TEXT;
CREATE UNIQUE INDEX payments_one_booking_per_sign ON payments (callback_sign) WHERE callback_sign IS NOT NULL;
