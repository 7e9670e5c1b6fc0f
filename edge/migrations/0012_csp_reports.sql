-- Content Security Policy violations reported by browsers from the card frame (PCI DSS 11.6.1),
-- reduced to what a merchant needs (core/src/csp_report.rs) and kept for 90 days.
CREATE TABLE csp_reports (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  livemode INTEGER NOT NULL,
  document TEXT NOT NULL,
  blocked TEXT NOT NULL,
  directive TEXT NOT NULL,
  disposition TEXT NOT NULL CHECK (disposition IN ('enforce', 'report')),
  source TEXT,
  line INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX csp_reports_by_merchant ON csp_reports (merchant_id, livemode, created_at);
CREATE INDEX csp_reports_by_age ON csp_reports (created_at);
