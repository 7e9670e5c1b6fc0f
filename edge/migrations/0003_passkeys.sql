-- Passkeys (WebAuthn, ES256) belong to a shopper and work from any of their devices.

CREATE TABLE passkeys (
  credential_id TEXT PRIMARY KEY,
  shopper_key TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  sign_count INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX passkeys_by_shopper ON passkeys (shopper_key);

-- Single-use challenges, bound to the session, the device and (for payments) the amount.
CREATE TABLE webauthn_challenges (
  challenge TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  jkt TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('register', 'authenticate')),
  binding TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
