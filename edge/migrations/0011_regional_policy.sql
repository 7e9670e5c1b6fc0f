-- Regional law as data: what each decision followed, fingerprinting consents, the low-value
-- counters since the last SCA, trusted merchants, recurring series, unauthorised-payment
-- claims and deletion requests. `region` columns say whose retention windows apply to a row.

ALTER TABLE risk_decisions ADD COLUMN policy TEXT NOT NULL DEFAULT '{}';
ALTER TABLE risk_decisions ADD COLUMN sca TEXT NOT NULL DEFAULT '{}';
ALTER TABLE risk_decisions ADD COLUMN region TEXT NOT NULL DEFAULT 'default';
CREATE INDEX risk_decisions_by_age ON risk_decisions (region, created_at);

ALTER TABLE devices ADD COLUMN region TEXT NOT NULL DEFAULT 'default';
CREATE INDEX devices_by_age ON devices (region, last_seen);

ALTER TABLE checkout_sessions ADD COLUMN recurring_series TEXT;
CREATE INDEX checkout_sessions_by_series ON checkout_sessions (merchant_id, recurring_series) WHERE recurring_series IS NOT NULL;

CREATE TABLE consents (
  id TEXT PRIMARY KEY,
  jkt TEXT NOT NULL,
  merchant_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  account_id TEXT,
  choice TEXT NOT NULL CHECK (choice IN ('granted', 'refused', 'withdrawn')),
  language TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  policy_rule TEXT NOT NULL,
  region TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX consents_by_device ON consents (jkt, created_at);
CREATE INDEX consents_by_account ON consents (account_id, created_at);
CREATE INDEX consents_by_session ON consents (session_id, created_at);

-- Low-value payments since the last SCA, per card and per shopper (RTS Art. 16).
CREATE TABLE sca_counters (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  total INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE trusted_merchants (
  account_id TEXT NOT NULL REFERENCES shopper_accounts(id),
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, merchant_id)
);

CREATE TABLE claims (
  id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES payments(id),
  merchant_id TEXT NOT NULL,
  livemode INTEGER NOT NULL CHECK (livemode IN (0, 1)),
  via TEXT NOT NULL CHECK (via IN ('receipt', 'account')),
  description TEXT NOT NULL,
  region TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  policy_rule TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'refunded', 'rejected')),
  refund_id TEXT,
  explanation TEXT,
  created_at INTEGER NOT NULL,
  resolved_at INTEGER
);
CREATE UNIQUE INDEX claims_one_open_per_payment ON claims (payment_id) WHERE status = 'open';
CREATE INDEX claims_by_merchant ON claims (merchant_id, created_at);

CREATE TABLE deletion_requests (
  id TEXT PRIMARY KEY,
  -- HMAC of the address, never the address: the request is proof it was handled, not a copy.
  subject_hash TEXT NOT NULL,
  via TEXT NOT NULL CHECK (via IN ('account', 'operator')),
  erased TEXT NOT NULL,
  kept TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- The development outbox keeps subjects too, so receipts and codes can be told apart.
ALTER TABLE outbox ADD COLUMN subject TEXT NOT NULL DEFAULT '';

CREATE TABLE retention_runs (
  id TEXT PRIMARY KEY,
  as_of INTEGER NOT NULL,
  deleted TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
