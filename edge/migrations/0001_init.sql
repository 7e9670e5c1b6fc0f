-- Tessera edge schema. Card numbers are stored only sealed (vault_cards.pan_*); secret keys and
-- client secrets only as SHA-256 hashes; webhook secrets only sealed.

CREATE TABLE merchants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  publishable_key TEXT NOT NULL UNIQUE,
  secret_key_hash TEXT NOT NULL UNIQUE,
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  webhook_url TEXT,
  webhook_secret_key_id TEXT NOT NULL,
  webhook_secret_iv TEXT NOT NULL,
  webhook_secret_ciphertext TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE checkout_sessions (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  client_secret_hash TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  reference TEXT NOT NULL,
  shopper_email TEXT,
  shopper_phone TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'processing', 'succeeded')),
  payment_id TEXT,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX checkout_sessions_by_merchant ON checkout_sessions (merchant_id, created_at);

CREATE TABLE idempotency_keys (
  merchant_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response_status INTEGER,
  response_body TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (merchant_id, key)
);

CREATE TABLE vault_cards (
  token TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  fingerprint TEXT NOT NULL,
  brand TEXT NOT NULL,
  last4 TEXT NOT NULL,
  exp_month INTEGER NOT NULL,
  exp_year INTEGER NOT NULL,
  pan_key_id TEXT NOT NULL,
  pan_iv TEXT NOT NULL,
  pan_ciphertext TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX vault_cards_by_fingerprint ON vault_cards (merchant_id, fingerprint);

CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  session_id TEXT NOT NULL REFERENCES checkout_sessions(id),
  token TEXT NOT NULL REFERENCES vault_cards(token),
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('processing', 'succeeded', 'failed')),
  decline_code TEXT,
  processor TEXT NOT NULL,
  processor_reference TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX payments_by_merchant ON payments (merchant_id, created_at, id);
-- A session is paid at most once, whatever the code above this line does.
CREATE UNIQUE INDEX payments_one_success_per_session ON payments (session_id) WHERE status = 'succeeded';
-- At most one payment of a session may be in flight.
CREATE UNIQUE INDEX payments_one_in_flight_per_session ON payments (session_id) WHERE status = 'processing';

CREATE TABLE webhook_events (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  type TEXT NOT NULL,
  payment_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'no_endpoint')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
);
CREATE INDEX webhook_events_by_merchant ON webhook_events (merchant_id, created_at);

CREATE TABLE webhook_attempts (
  event_id TEXT NOT NULL REFERENCES webhook_events(id),
  attempt INTEGER NOT NULL,
  url TEXT NOT NULL,
  attempted_at INTEGER NOT NULL,
  response_status INTEGER,
  error TEXT,
  PRIMARY KEY (event_id, attempt)
);
