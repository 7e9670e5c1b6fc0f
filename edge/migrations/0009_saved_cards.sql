-- Cards a shopper saved to their personal account: vault entries owned by the shopper, not by a
-- merchant, sealed like every card number (the id is the additional data), never with a CVC.

CREATE TABLE account_cards (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES shopper_accounts(id),
  fingerprint TEXT NOT NULL,
  brand TEXT NOT NULL,
  last4 TEXT NOT NULL,
  exp_month INTEGER NOT NULL,
  exp_year INTEGER NOT NULL,
  pan_key_id TEXT NOT NULL,
  pan_iv TEXT NOT NULL,
  pan_ciphertext TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE UNIQUE INDEX account_cards_once ON account_cards (account_id, fingerprint);

-- What the card frame gets right after a guest payment, to save that payment's card: single use,
-- minutes long, stored as SHA-256.
CREATE TABLE card_save_offers (
  token_hash TEXT PRIMARY KEY,
  vault_token TEXT NOT NULL REFERENCES vault_cards(token),
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
