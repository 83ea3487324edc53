-- Bounded delivery: a message that kept failing for the whole retry schedule is marked failed,
-- tried no more and listed on the operator's page until the operator sends it again.
ALTER TABLE outbox ADD COLUMN failing_since REAL;  -- epoch seconds of the first failed try of this schedule
ALTER TABLE outbox ADD COLUMN failed_at TEXT;      -- when it was given up on; NULL while it is retried
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (next_try_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
