-- Audit records are kept for AUDIT_RETENTION_DAYS: src/jobs/audit-retention.ts deletes older ones in small batches,
-- and these indexes let it find them without scanning the tables.
CREATE INDEX webhook_receipts_by_age ON webhook_receipts (received_at);
CREATE INDEX event_delivery_attempts_by_age ON event_delivery_attempts (attempted_at);
-- a queued delivery's last activity: when it was delivered, given up, or (never tried, e.g. with no EVENT_WEBHOOK_URL)
-- when it was queued
CREATE INDEX event_deliveries_by_last_activity ON event_deliveries ((coalesce(delivered_at, gave_up_at, next_attempt_at)));

-- Secrets every instance must share, each made by the first instance that needs it (e.g. the key that signs links to
-- the payment result page). Kept here rather than in the environment so that a new instance needs no new setting.
CREATE TABLE service_secrets (
  name        text PRIMARY KEY,
  value       bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
