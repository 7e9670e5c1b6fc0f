-- Business accounts: people who sign in to the dashboard, their places in businesses, the
-- business's details and verification, invoices, per-merchant risk rules, and the log of
-- processor calls a payment's timeline shows.
--
-- Secrets are stored as hashes (session tokens, invitation tokens, sign-in codes) or sealed
-- (an invoice's client secret); nothing here holds card data.

-- One row per merchant. Merchants the operator made before this migration were vouched for by
-- the operator: they keep live mode.
CREATE TABLE accounts (
  merchant_id TEXT PRIMARY KEY REFERENCES merchants(id),
  -- JSON BusinessDetails; NULL for a merchant the operator made.
  business TEXT,
  company_number TEXT,
  timezone TEXT NOT NULL DEFAULT 'UTC',
  locale TEXT NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'de')),
  verification_status TEXT NOT NULL DEFAULT 'unverified'
    CHECK (verification_status IN ('unverified', 'pending', 'in_review', 'verified', 'rejected')),
  verification_reason TEXT,
  -- The verifier's id for the verification in progress.
  verification_reference TEXT,
  -- JSON: display_name, color_primary, color_background, logo.
  branding TEXT NOT NULL DEFAULT '{}',
  invoice_sequence_test INTEGER NOT NULL DEFAULT 0,
  invoice_sequence_live INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX accounts_by_verification ON accounts (verification_reference) WHERE verification_reference IS NOT NULL;
INSERT INTO accounts (merchant_id, verification_status, created_at, updated_at)
  SELECT id, 'verified', created_at, created_at FROM merchants;

CREATE TABLE verification_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  reason TEXT,
  -- 'verifier', 'operator' or a user id.
  actor TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX verification_history_by_merchant ON verification_history (merchant_id, id);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

CREATE TABLE members (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  email TEXT NOT NULL,
  user_id TEXT REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'analyst')),
  status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'removed')),
  -- SHA-256 of the invitation token, until it is used.
  invite_hash TEXT UNIQUE,
  invited_by TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((status = 'active') = (user_id IS NOT NULL) OR status = 'removed')
);
CREATE UNIQUE INDEX members_one_per_address ON members (merchant_id, email) WHERE status != 'removed';
CREATE INDEX members_by_user ON members (user_id);

CREATE TABLE email_codes (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  -- HMAC of the code, bound to this id.
  code_hash TEXT NOT NULL,
  sends INTEGER NOT NULL DEFAULT 1,
  last_sent_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  failed INTEGER NOT NULL DEFAULT 0,
  consumed_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX email_codes_to_forget ON email_codes (created_at);

CREATE TABLE dashboard_sessions (
  -- SHA-256 of the cookie's token.
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  merchant_id TEXT REFERENCES merchants(id),
  auth_method TEXT NOT NULL CHECK (auth_method IN ('email_code', 'passkey')),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX dashboard_sessions_by_user ON dashboard_sessions (user_id);
CREATE INDEX dashboard_sessions_to_forget ON dashboard_sessions (created_at);

CREATE TABLE user_passkeys (
  credential_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  public_jwk TEXT NOT NULL,
  sign_count INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX user_passkeys_by_user ON user_passkeys (user_id);

CREATE TABLE account_challenges (
  challenge TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('sign_in', 'register')),
  user_id TEXT,
  expires_at INTEGER NOT NULL,
  consumed INTEGER NOT NULL DEFAULT 0 CHECK (consumed IN (0, 1))
);

CREATE TABLE merchant_risk_rules (
  merchant_id TEXT PRIMARY KEY REFERENCES merchants(id),
  rules TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE invoices (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  livemode INTEGER NOT NULL CHECK (livemode IN (0, 1)),
  number TEXT,
  status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void')),
  customer_email TEXT NOT NULL,
  customer_name TEXT NOT NULL,
  currency TEXT NOT NULL,
  -- JSON array of lines with their amounts and taxes.
  lines TEXT NOT NULL,
  subtotal INTEGER NOT NULL,
  tax INTEGER NOT NULL,
  total INTEGER NOT NULL CHECK (total > 0),
  due_date TEXT,
  memo TEXT,
  footer TEXT,
  -- The checkout session its page pays through, and that session's client secret, sealed.
  session_id TEXT REFERENCES checkout_sessions(id),
  client_secret_key_id TEXT,
  client_secret_iv TEXT,
  client_secret_ciphertext TEXT,
  payment_id TEXT,
  version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
  created_at INTEGER NOT NULL,
  finalized_at INTEGER,
  paid_at INTEGER,
  voided_at INTEGER,
  updated_at INTEGER NOT NULL,
  CHECK ((status = 'draft') = (number IS NULL)),
  CHECK ((status = 'paid') = (payment_id IS NOT NULL))
);
CREATE INDEX invoices_by_merchant ON invoices (merchant_id, livemode, created_at, id);
CREATE UNIQUE INDEX invoices_by_number ON invoices (merchant_id, livemode, number) WHERE number IS NOT NULL;
CREATE UNIQUE INDEX invoices_by_session ON invoices (session_id) WHERE session_id IS NOT NULL;

-- Every call to a processor and what it answered, for the payment's timeline.
CREATE TABLE processor_calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  payment_id TEXT NOT NULL,
  refund_id TEXT,
  operation TEXT NOT NULL,
  outcome TEXT NOT NULL,
  code TEXT,
  reference TEXT,
  duration_ms INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX processor_calls_by_payment ON processor_calls (payment_id, id);

-- The last characters of a secret key, to tell keys apart in the dashboard.
ALTER TABLE api_keys ADD COLUMN hint TEXT;

-- Payments by their card and session, for the dashboard's filters.
CREATE INDEX payments_by_session ON payments (session_id);
CREATE INDEX refunds_by_merchant_status ON refunds (merchant_id, livemode, status, created_at);

-- What the reports count by day.
CREATE INDEX risk_decisions_by_merchant ON risk_decisions (merchant_id, created_at);
CREATE INDEX step_ups_by_time ON step_ups (created_at);
