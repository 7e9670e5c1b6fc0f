-- After the payment: test and live mode on every object, keys that roll, manual capture, voids,
-- refunds, disputes, events with webhook endpoints and their deliveries, and merchants' own
-- processors. Secrets are stored only hashed (API keys) or sealed (signing secrets, processor
-- credentials).
PRAGMA defer_foreign_keys = on;

-- Keys: the publishable ones in the clear (they are public), the secret ones only as hashes, each
-- with its mode and, once rolled, the time it stops working. Keys from before modes existed
-- cannot be told apart by their prefix any more and stop working; make new merchants.
ALTER TABLE merchants ADD COLUMN live_publishable_key TEXT;
CREATE UNIQUE INDEX merchants_by_live_publishable_key ON merchants (live_publishable_key);
CREATE TABLE api_keys (
  secret_hash TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  livemode INTEGER NOT NULL CHECK (livemode IN (0, 1)),
  created_at INTEGER NOT NULL,
  expires_at INTEGER
);
CREATE INDEX api_keys_by_merchant ON api_keys (merchant_id, livemode);

ALTER TABLE checkout_sessions ADD COLUMN livemode INTEGER NOT NULL DEFAULT 0 CHECK (livemode IN (0, 1));
ALTER TABLE checkout_sessions ADD COLUMN capture_method TEXT NOT NULL DEFAULT 'automatic' CHECK (capture_method IN ('automatic', 'manual'));

-- Payments gain the statuses of manual capture and the amounts of what followed. Nothing refers
-- to payments yet, so the table is rebuilt in place.
CREATE TABLE payments_next (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  livemode INTEGER NOT NULL DEFAULT 0 CHECK (livemode IN (0, 1)),
  session_id TEXT NOT NULL REFERENCES checkout_sessions(id),
  token TEXT NOT NULL REFERENCES vault_cards(token),
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('processing', 'requires_capture', 'succeeded', 'failed', 'canceled')),
  capture_method TEXT NOT NULL DEFAULT 'automatic' CHECK (capture_method IN ('automatic', 'manual')),
  amount_captured INTEGER NOT NULL DEFAULT 0,
  amount_refunded INTEGER NOT NULL DEFAULT 0,
  authorized_at INTEGER NOT NULL DEFAULT 0,
  disputed INTEGER NOT NULL DEFAULT 0 CHECK (disputed IN (0, 1)),
  -- A capture or a void sent to the processor and not yet answered.
  pending_op TEXT CHECK (pending_op IN ('capture', 'void')),
  pending_amount INTEGER,
  pending_since INTEGER,
  version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
  decline_code TEXT,
  processor TEXT NOT NULL,
  processor_reference TEXT,
  device TEXT,
  authenticated INTEGER NOT NULL DEFAULT 0 CHECK (authenticated IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (amount_captured <= amount AND amount_refunded <= amount_captured)
);
INSERT INTO payments_next (id, merchant_id, session_id, token, amount, currency, status, amount_captured, authorized_at,
  decline_code, processor, processor_reference, device, authenticated, created_at, updated_at)
SELECT id, merchant_id, session_id, token, amount, currency, status, CASE status WHEN 'succeeded' THEN amount ELSE 0 END,
  CASE status WHEN 'succeeded' THEN updated_at ELSE 0 END, decline_code, processor, processor_reference, device, authenticated,
  created_at, updated_at FROM payments;
DROP TABLE payments;
ALTER TABLE payments_next RENAME TO payments;
CREATE INDEX payments_by_merchant ON payments (merchant_id, livemode, created_at, id);
CREATE INDEX payments_to_sweep ON payments (status, updated_at);
CREATE UNIQUE INDEX payments_one_success_per_session ON payments (session_id) WHERE status IN ('requires_capture', 'succeeded', 'canceled');
CREATE UNIQUE INDEX payments_one_in_flight_per_session ON payments (session_id) WHERE status = 'processing';

CREATE TABLE refunds (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  livemode INTEGER NOT NULL CHECK (livemode IN (0, 1)),
  payment_id TEXT NOT NULL REFERENCES payments(id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  reason TEXT CHECK (reason IN ('duplicate', 'fraudulent', 'requested_by_customer')),
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  -- The processor acknowledged it (an asynchronous processor then answers by notification).
  acknowledged INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged IN (0, 1)),
  processor_reference TEXT,
  failure_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX refunds_by_payment ON refunds (payment_id, created_at);
CREATE INDEX refunds_by_merchant ON refunds (merchant_id, livemode, created_at, id);
CREATE INDEX refunds_to_sweep ON refunds (status, updated_at);

CREATE TABLE disputes (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  livemode INTEGER NOT NULL CHECK (livemode IN (0, 1)),
  payment_id TEXT NOT NULL REFERENCES payments(id),
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('needs_response', 'under_review', 'won', 'lost')),
  evidence TEXT NOT NULL DEFAULT '{}',
  evidence_due_by INTEGER NOT NULL,
  submitted_at INTEGER,
  processor_reference TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX disputes_one_per_payment ON disputes (payment_id);
CREATE INDEX disputes_by_merchant ON disputes (merchant_id, livemode, created_at, id);
CREATE TABLE dispute_files (
  dispute_id TEXT NOT NULL REFERENCES disputes(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (dispute_id, name)
);

-- Events: every state change, kept 30 days, delivered to every endpoint that wants it.
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  livemode INTEGER NOT NULL CHECK (livemode IN (0, 1)),
  type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX events_by_merchant ON events (merchant_id, livemode, created_at, id);
CREATE INDEX events_to_forget ON events (created_at);

CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  livemode INTEGER NOT NULL CHECK (livemode IN (0, 1)),
  url TEXT NOT NULL,
  enabled_events TEXT NOT NULL,
  secret_key_id TEXT NOT NULL,
  secret_iv TEXT NOT NULL,
  secret_ciphertext TEXT NOT NULL,
  -- After a roll the old secret signs too, until it expires.
  previous_key_id TEXT,
  previous_iv TEXT,
  previous_ciphertext TEXT,
  previous_expires_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX webhook_endpoints_by_merchant ON webhook_endpoints (merchant_id, livemode);

CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events(id),
  endpoint_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  delivered_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX deliveries_by_event ON deliveries (event_id);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE TABLE delivery_attempts (
  delivery_id TEXT NOT NULL REFERENCES deliveries(id),
  attempt INTEGER NOT NULL,
  url TEXT NOT NULL,
  attempted_at INTEGER NOT NULL,
  response_status INTEGER,
  duration_ms INTEGER NOT NULL,
  error TEXT,
  PRIMARY KEY (delivery_id, attempt)
);

-- The endpoint a merchant was made with becomes its first endpoint, signing with the same secret
-- (sealed for the merchant, as endpoints' secrets are); its old events become events.
INSERT INTO webhook_endpoints (id, merchant_id, livemode, url, enabled_events, secret_key_id, secret_iv, secret_ciphertext, created_at)
SELECT 'we_' || replace(replace(replace(replace(lower(hex(randomblob(12))), '0', 'q'), '1', 'r'), '8', 's'), '9', 't'),
  id, 0, webhook_url, '["*"]', webhook_secret_key_id, webhook_secret_iv, webhook_secret_ciphertext, created_at
FROM merchants WHERE webhook_url IS NOT NULL;
INSERT INTO events (id, merchant_id, livemode, type, object_id, payload, created_at)
SELECT id, merchant_id, 0, type, payment_id, payload, created_at FROM webhook_events;
DROP TABLE webhook_attempts;
DROP TABLE webhook_events;

-- A merchant's own processor per mode (live: Adyen), its credentials sealed.
CREATE TABLE processors (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  livemode INTEGER NOT NULL CHECK (livemode IN (0, 1)),
  kind TEXT NOT NULL CHECK (kind IN ('adyen')),
  settings TEXT NOT NULL,
  credentials_key_id TEXT NOT NULL,
  credentials_iv TEXT NOT NULL,
  credentials_ciphertext TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX processors_one_per_mode ON processors (merchant_id, livemode);

-- Notifications processors send (Adyen's), kept to resolve answers that were lost and to make
-- a repeated notification change nothing.
CREATE TABLE processor_notifications (
  processor_id TEXT NOT NULL,
  event_code TEXT NOT NULL,
  psp_reference TEXT NOT NULL,
  merchant_reference TEXT NOT NULL,
  success INTEGER NOT NULL,
  amount INTEGER,
  reason TEXT,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (processor_id, event_code, psp_reference, success)
);
CREATE INDEX processor_notifications_by_reference ON processor_notifications (merchant_reference);
