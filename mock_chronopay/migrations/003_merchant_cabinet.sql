-- The merchant cabinet (registry.py): each product the gateway takes payments for.
CREATE TABLE products (
    product_id      TEXT PRIMARY KEY,
    name            TEXT NOT NULL,                -- «Назначение платежа» and the receipt show it
    currency        TEXT NOT NULL,
    cb_url          TEXT NOT NULL DEFAULT '',     -- defaults for a request that leaves them out
    success_url     TEXT NOT NULL DEFAULT '',
    decline_url     TEXT NOT NULL DEFAULT '',
    url_prefixes    TEXT NOT NULL,                -- one per line: where the three URLs may point
    order_unique    INTEGER NOT NULL CHECK (order_unique IN (0, 1)),
    updated_at      TEXT NOT NULL
);

-- What an attempt keeps of the request's every shape (PROTOCOL.md 3a). product_name now holds
-- the product's registered name; the request's own product_name is only its description.
ALTER TABLE attempts ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE attempts ADD COLUMN payer TEXT NOT NULL DEFAULT '{}';  -- f_name, city ...: JSON, as sent
ALTER TABLE attempts ADD COLUMN payment_type_group_id TEXT NOT NULL DEFAULT '';
ALTER TABLE attempts ADD COLUMN expires_at TEXT;                   -- orderTimelimit / orderExpiretime
ALTER TABLE attempts ADD COLUMN order_unique INTEGER NOT NULL DEFAULT 1;

-- One charge per order where the product wants order uniqueness; without it (or without an
-- order_id at all) each attempt is its own payment.
DROP INDEX one_charge_per_order;
CREATE UNIQUE INDEX one_charge_per_order ON attempts (product_id, order_id)
    WHERE status IN ('approved', 'refunded') AND order_unique = 1;
