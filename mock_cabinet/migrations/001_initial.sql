-- The subscriber cabinet's data. Money columns are integer kopecks.

CREATE TABLE tariffs (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    monthly_fee  INTEGER NOT NULL CHECK (monthly_fee >= 0),
    speed_mbps   INTEGER NOT NULL CHECK (speed_mbps > 0)
);

CREATE TABLE services (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    monthly_fee  INTEGER NOT NULL CHECK (monthly_fee >= 0)
);

CREATE TABLE subscribers (
    id             INTEGER PRIMARY KEY,          -- UTM5 user ID
    login          TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    full_name      TEXT NOT NULL,
    address        TEXT NOT NULL,
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    account_id     INTEGER NOT NULL UNIQUE,      -- «Основной лицевой счет»
    balance        INTEGER NOT NULL DEFAULT 0,
    credit         INTEGER NOT NULL DEFAULT 0 CHECK (credit >= 0),
    tariff_id      INTEGER NOT NULL REFERENCES tariffs (id),
    internet_on    INTEGER NOT NULL DEFAULT 1 CHECK (internet_on IN (0, 1)),
    created_at     TEXT NOT NULL
);

CREATE TABLE subscriber_services (
    subscriber_id  INTEGER NOT NULL REFERENCES subscribers (id),
    service_id     INTEGER NOT NULL REFERENCES services (id),
    PRIMARY KEY (subscriber_id, service_id)
);

CREATE TABLE messages (
    id             INTEGER PRIMARY KEY,
    subscriber_id  INTEGER NOT NULL REFERENCES subscribers (id),
    sent_at        TEXT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL
);
CREATE INDEX messages_by_subscriber ON messages (subscriber_id, sent_at);

-- Server-side sessions: the cookie only names one, so logging out really ends it.
CREATE TABLE sessions (
    token_hash     TEXT PRIMARY KEY,             -- sha256 of the random token in the cookie
    subscriber_id  INTEGER NOT NULL REFERENCES subscribers (id),
    kind           TEXT NOT NULL CHECK (kind IN ('cabinet', 'hotspot')),
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL
);

-- A ChronoPay order: 'draft' after «Новый платеж» (confirmation shown, not yet payable),
-- 'pending' after «Заплатить» (sent to the gateway), 'paid' once a valid callback booked it.
CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    subscriber_id  INTEGER NOT NULL REFERENCES subscribers (id),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    currency       TEXT NOT NULL DEFAULT 'RUB',
    status         TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'paid', 'refunded')),
    created_at     TEXT NOT NULL,
    submitted_at   TEXT,
    paid_at        TEXT,
    transaction_id TEXT
);
CREATE INDEX orders_by_subscriber ON orders (subscriber_id, id);

-- Every change of a balance. UNIQUE (kind, external_id) is what makes a callback or a prepaid
-- card count at most once, whatever arrives twice or at the same moment.
CREATE TABLE payments (
    id             INTEGER PRIMARY KEY,
    subscriber_id  INTEGER NOT NULL REFERENCES subscribers (id),
    kind           TEXT NOT NULL CHECK (kind IN ('chronopay', 'chronopay_refund', 'prepaid_card')),
    amount         INTEGER NOT NULL CHECK (amount <> 0),
    balance_after  INTEGER NOT NULL,
    external_id    TEXT NOT NULL,
    order_id       INTEGER REFERENCES orders (id),
    booked_at      TEXT NOT NULL,
    UNIQUE (kind, external_id)
);
CREATE INDEX payments_by_subscriber ON payments (subscriber_id, id);

-- Prepaid scratch cards for «Активация карты».
CREATE TABLE prepaid_cards (
    number         TEXT PRIMARY KEY,
    pin_hash       TEXT NOT NULL,
    value          INTEGER NOT NULL CHECK (value > 0),
    used_by        INTEGER REFERENCES subscribers (id),
    used_at        TEXT
);
