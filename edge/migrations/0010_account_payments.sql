-- A personal account signed in inside a card frame: which account a session's device proved with
-- its passkey, for which amount and payee (the binding), for a few minutes.
CREATE TABLE account_grants (
  session_id TEXT NOT NULL REFERENCES checkout_sessions(id),
  jkt TEXT NOT NULL,
  account_id TEXT NOT NULL,
  binding TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, jkt)
);

-- Challenges for it live in webauthn_challenges, whose purposes gain this one.
CREATE TABLE webauthn_challenges_next (
  challenge TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  jkt TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('register', 'authenticate', 'account')),
  binding TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
INSERT INTO webauthn_challenges_next SELECT challenge, session_id, jkt, purpose, binding, expires_at, used FROM webauthn_challenges;
DROP TABLE webauthn_challenges;
ALTER TABLE webauthn_challenges_next RENAME TO webauthn_challenges;
