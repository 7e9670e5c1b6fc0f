-- The checkout state machine's state lives in the session row: its phase (every status of
-- tessera_core::api::SessionStatus), a version for compare-and-swap writes, the payer (device
-- and keyed card fingerprint) a step-up or a payment in flight belongs to, the step-up in
-- progress, and the session's code counters. Every transition is kept in session_events.
--
-- SQLite cannot change a CHECK constraint in place, and D1 runs a migration in one transaction
-- with foreign keys on, so a parent cannot simply be dropped and rebuilt. The tables that refer
-- to checkout_sessions are rebuilt first against the new table under its temporary name;
-- renaming it afterwards rewrites their references.
PRAGMA defer_foreign_keys = on;

CREATE TABLE checkout_sessions_next (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  client_secret_hash TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  reference TEXT NOT NULL,
  shopper_email TEXT,
  shopper_phone TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'requires_action', 'processing', 'succeeded', 'canceled', 'expired')),
  payment_id TEXT,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  -- Bumped by every write; a write that expected another version fails its CHECK and rolls
  -- back the whole batch it is in.
  version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
  payer_device TEXT,
  payer_card TEXT,
  step_up_id TEXT,
  codes_sent INTEGER NOT NULL DEFAULT 0,
  last_code_at INTEGER NOT NULL DEFAULT 0,
  codes_failed INTEGER NOT NULL DEFAULT 0,
  -- A step-up and a payment in flight always name their payer; nothing else does.
  CHECK ((status IN ('requires_action', 'processing')) = (payer_device IS NOT NULL AND payer_card IS NOT NULL)),
  CHECK ((status = 'requires_action') = (step_up_id IS NOT NULL))
);
INSERT INTO checkout_sessions_next (id, merchant_id, client_secret_hash, amount, currency, reference, shopper_email,
  shopper_phone, status, payment_id, expires_at, created_at, payer_device, payer_card)
SELECT s.id, s.merchant_id, s.client_secret_hash, s.amount, s.currency, s.reference, s.shopper_email, s.shopper_phone,
  s.status, s.payment_id, s.expires_at, s.created_at,
  CASE s.status WHEN 'processing' THEN 'unknown' END,
  CASE s.status WHEN 'processing' THEN (SELECT v.fingerprint FROM payments p JOIN vault_cards v ON v.token = p.token
                                        WHERE p.session_id = s.id AND p.status = 'processing') END
FROM checkout_sessions s;

CREATE TABLE payments_next (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  session_id TEXT NOT NULL REFERENCES checkout_sessions_next(id),
  token TEXT NOT NULL REFERENCES vault_cards(token),
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('processing', 'succeeded', 'failed')),
  decline_code TEXT,
  processor TEXT NOT NULL,
  processor_reference TEXT,
  -- The device key that made the payment (its thumbprint), and whether the shopper passed a
  -- step-up for it (a retry to the processor must say the same).
  device TEXT,
  authenticated INTEGER NOT NULL DEFAULT 0 CHECK (authenticated IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO payments_next (id, merchant_id, session_id, token, amount, currency, status, decline_code, processor,
  processor_reference, created_at, updated_at)
SELECT id, merchant_id, session_id, token, amount, currency, status, decline_code, processor, processor_reference,
  created_at, updated_at FROM payments;
DROP TABLE payments;

CREATE TABLE risk_decisions_next (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES checkout_sessions_next(id),
  merchant_id TEXT NOT NULL,
  jkt TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('allow', 'step_up', 'deny')),
  reasons TEXT NOT NULL,
  signals TEXT NOT NULL,
  country TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
INSERT INTO risk_decisions_next SELECT id, session_id, merchant_id, jkt, action, reasons, signals, country, created_at FROM risk_decisions;
DROP TABLE risk_decisions;

-- A step-up is bound to the device and card the risk rules stepped up. Its code is stored only
-- as a keyed hash bound to the session's amount and payee. The counters live on the session,
-- so a new step-up never brings new tries. Old step-ups (five-minute codes) are not carried over.
DROP TABLE step_ups;
CREATE TABLE step_ups_next (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES checkout_sessions_next(id),
  device TEXT NOT NULL,
  card TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  destination_masked TEXT NOT NULL,
  passkey INTEGER NOT NULL DEFAULT 0 CHECK (passkey IN (0, 1)),
  code_hash TEXT,
  code_binding TEXT,
  code_sent_at INTEGER,
  code_expires_at INTEGER,
  verified_at INTEGER,
  created_at INTEGER NOT NULL,
  CHECK ((code_hash IS NULL) = (code_binding IS NULL) AND (code_hash IS NULL) = (code_expires_at IS NULL))
);

-- Every transition of a session: what happened, from which status to which, and from which device.
CREATE TABLE session_events_next (
  session_id TEXT NOT NULL REFERENCES checkout_sessions_next(id),
  version INTEGER NOT NULL,
  event TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  device TEXT,
  detail TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, version)
);

DROP TABLE checkout_sessions;
ALTER TABLE checkout_sessions_next RENAME TO checkout_sessions;
ALTER TABLE payments_next RENAME TO payments;
ALTER TABLE risk_decisions_next RENAME TO risk_decisions;
ALTER TABLE step_ups_next RENAME TO step_ups;
ALTER TABLE session_events_next RENAME TO session_events;

CREATE INDEX checkout_sessions_by_merchant ON checkout_sessions (merchant_id, created_at);
CREATE INDEX checkout_sessions_to_expire ON checkout_sessions (status, expires_at);
CREATE INDEX payments_by_merchant ON payments (merchant_id, created_at, id);
CREATE UNIQUE INDEX payments_one_success_per_session ON payments (session_id) WHERE status = 'succeeded';
CREATE UNIQUE INDEX payments_one_in_flight_per_session ON payments (session_id) WHERE status = 'processing';
CREATE INDEX risk_decisions_by_session ON risk_decisions (session_id, created_at);
CREATE INDEX step_ups_by_session ON step_ups (session_id, created_at);

-- Idempotent replays keep their answer sealed with the vault's data key (the first answer of a
-- session's creation holds its client secret), and only for a day.
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
  merchant_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response_status INTEGER,
  response_key_id TEXT,
  response_iv TEXT,
  response_ciphertext TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (merchant_id, key)
);
CREATE INDEX idempotency_keys_to_expire ON idempotency_keys (expires_at);
