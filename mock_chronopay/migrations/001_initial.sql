-- The gateway's data. Money is integer kopecks; card numbers are never stored, only their mask.

-- One payment attempt: the page shown for a merchant's order and what became of it.
CREATE TABLE attempts (
    token           TEXT PRIMARY KEY,             -- random, in the page's addresses
    product_id      TEXT NOT NULL,
    order_id        TEXT NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount > 0),
    price_text      TEXT NOT NULL,                -- the exact `product_price` the merchant signed
    currency        TEXT NOT NULL,
    product_name    TEXT NOT NULL,
    cb_url          TEXT NOT NULL,
    success_url     TEXT NOT NULL,
    decline_url     TEXT NOT NULL,
    language        TEXT NOT NULL,
    cs1             TEXT NOT NULL DEFAULT '',
    cs2             TEXT NOT NULL DEFAULT '',
    cs3             TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN
                        ('new', 'processing', '3ds', 'approved', 'declined', 'failed', 'refunded')),
    email           TEXT,
    country         TEXT,
    holder          TEXT,
    card_mask       TEXT,                         -- first 6 and last 4 digits only
    card_brand      TEXT,
    reason          TEXT,                         -- i18n.REASONS key of a decline or failure
    customer_id     TEXT,
    transaction_id  TEXT UNIQUE,
    bank_ready_at   REAL,                         -- epoch seconds when the slow bank answers
    created_at      TEXT NOT NULL,
    finished_at     TEXT
);
CREATE INDEX attempts_by_order ON attempts (product_id, order_id);
-- However the form is replayed, an order is charged at most once.
CREATE UNIQUE INDEX one_charge_per_order ON attempts (product_id, order_id)
    WHERE status IN ('approved', 'refunded');

-- Customers as ChronoPay numbers them: one id per payer e-mail.
CREATE TABLE customers (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE
);

-- Transaction numbers, shared by purchases and refunds.
CREATE TABLE transactions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    attempt_token   TEXT NOT NULL REFERENCES attempts (token),
    kind            TEXT NOT NULL CHECK (kind IN ('Purchase', 'Refund')),
    created_at      TEXT NOT NULL
);
INSERT INTO sqlite_sequence (name, seq) VALUES ('transactions', 7890000);

-- The durable outbox: a callback or an e-mail is written here in the same transaction as the
-- payment's outcome, then delivered (and retried) by the dispatcher until it succeeds.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('callback', 'mail')),
    target          TEXT NOT NULL,                -- cb_url, or the recipient
    body            TEXT NOT NULL,                -- form fields as JSON, or the whole RFC 5322 message
    attempt_token   TEXT REFERENCES attempts (token),
    created_at      TEXT NOT NULL,
    tries           INTEGER NOT NULL DEFAULT 0,
    next_try_at     REAL NOT NULL,                -- epoch seconds
    delivered_at    TEXT,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_try_at) WHERE delivered_at IS NULL;
