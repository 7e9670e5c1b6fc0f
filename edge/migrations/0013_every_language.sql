-- A business's language may be any the dashboard speaks, not only English and German. SQLite
-- cannot change a CHECK constraint in place, so the table is rebuilt with the same rows; no
-- table references it and its one index is made again.
PRAGMA defer_foreign_keys = true;

CREATE TABLE accounts_new (
  merchant_id TEXT PRIMARY KEY REFERENCES merchants(id),
  business TEXT,
  company_number TEXT,
  timezone TEXT NOT NULL DEFAULT 'UTC',
  -- The tags of tessera_core::i18n::LANGUAGES.
  locale TEXT NOT NULL DEFAULT 'en'
    CHECK (locale IN ('en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'sv', 'ja', 'zh-Hans', 'ar')),
  verification_status TEXT NOT NULL DEFAULT 'unverified'
    CHECK (verification_status IN ('unverified', 'pending', 'in_review', 'verified', 'rejected')),
  verification_reason TEXT,
  verification_reference TEXT,
  branding TEXT NOT NULL DEFAULT '{}',
  invoice_sequence_test INTEGER NOT NULL DEFAULT 0,
  invoice_sequence_live INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO accounts_new (merchant_id, business, company_number, timezone, locale, verification_status, verification_reason,
    verification_reference, branding, invoice_sequence_test, invoice_sequence_live, version, created_at, updated_at)
  SELECT merchant_id, business, company_number, timezone, locale, verification_status, verification_reason,
    verification_reference, branding, invoice_sequence_test, invoice_sequence_live, version, created_at, updated_at
  FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
CREATE UNIQUE INDEX accounts_by_verification ON accounts (verification_reference) WHERE verification_reference IS NOT NULL;
