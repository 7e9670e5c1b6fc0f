-- Device trust and step-up. A shopper is identified by the session's email or phone; a device
-- by its key's RFC 7638 thumbprint. Codes are stored only as keyed hashes.

CREATE TABLE shoppers (
  shopper_key TEXT PRIMARY KEY,
  countries TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL
);

CREATE TABLE devices (
  shopper_key TEXT NOT NULL,
  jkt TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'trusted', 'revoked')),
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  countries TEXT NOT NULL DEFAULT '[]',
  fingerprints TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (shopper_key, jkt)
);

CREATE TABLE risk_decisions (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES checkout_sessions(id),
  merchant_id TEXT NOT NULL,
  jkt TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('allow', 'step_up', 'deny')),
  reasons TEXT NOT NULL,
  signals TEXT NOT NULL,
  country TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX risk_decisions_by_session ON risk_decisions (session_id, created_at);

CREATE TABLE step_ups (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES checkout_sessions(id),
  jkt TEXT NOT NULL,
  shopper_key TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  destination_masked TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  binding TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  resends INTEGER NOT NULL DEFAULT 0,
  last_sent_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'locked', 'void')),
  created_at INTEGER NOT NULL
);
CREATE INDEX step_ups_by_session ON step_ups (session_id, jkt, created_at);

-- Development only: messages the outbox sender "sent", for people and tests to read.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  destination TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE risk_config (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  rules TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
