-- Personal accounts: a shopper's own account at Tessera, verified in steps (email, phone, home
-- address, identity). Codes and tokens are stored only as keyed hashes or SHA-256; the identity
-- document is kept only as its type, issuing country and last four characters.

CREATE TABLE shopper_accounts (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  phone TEXT,
  phone_verified_at INTEGER,
  -- JSON of the address as validated for its country.
  address TEXT,
  address_at INTEGER,
  identity_status TEXT NOT NULL DEFAULT 'unverified'
    CHECK (identity_status IN ('unverified', 'pending', 'in_review', 'verified', 'rejected')),
  identity_reference TEXT,
  -- JSON: document type, issuing country, last four characters, names as checked.
  identity_summary TEXT,
  identity_at INTEGER,
  locked_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX shopper_accounts_by_identity ON shopper_accounts (identity_reference);

CREATE TABLE account_codes (
  id TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('sign_in', 'phone', 'current_phone', 'unlock_email', 'unlock_phone')),
  account_id TEXT,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  destination TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  sends INTEGER NOT NULL DEFAULT 1,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_sent_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  consumed_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX account_codes_to_forget ON account_codes (created_at);

CREATE TABLE account_sessions (
  -- SHA-256 of the cookie's token.
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES shopper_accounts(id),
  method TEXT NOT NULL CHECK (method IN ('passkey', 'email_code', 'sms_code')),
  -- The browser it was signed in from (`web_` and a hash of its device cookie).
  device TEXT NOT NULL,
  current_phone_proved INTEGER NOT NULL DEFAULT 0 CHECK (current_phone_proved IN (0, 1)),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX account_sessions_by_account ON account_sessions (account_id);

CREATE TABLE account_activity (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  type TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}',
  at INTEGER NOT NULL
);
CREATE INDEX account_activity_by_account ON account_activity (account_id, at);

-- The "this wasn't me" links of notices.
CREATE TABLE account_lock_links (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

CREATE TABLE shopper_challenges (
  challenge TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('sign_in', 'register')),
  account_id TEXT,
  expires_at INTEGER NOT NULL,
  consumed INTEGER NOT NULL DEFAULT 0 CHECK (consumed IN (0, 1))
);

-- An account's passkeys are rows of `passkeys` under `acct:{id}`, so the card frame's step-up
-- offers them when the shopper is signed in; they get a name for the account page. Devices get
-- the browser family for the devices list.
ALTER TABLE passkeys ADD COLUMN name TEXT;
ALTER TABLE devices ADD COLUMN browser TEXT;
