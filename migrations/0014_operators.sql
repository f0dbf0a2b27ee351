-- Named operators (API_KEYS name:key) and the operator's inbox.

-- who asked for a refund, or last asked for it to be carried out again; null for the service's own refunds
ALTER TABLE refunds ADD COLUMN actor text;

-- what a person did besides refunding: a sync with i'mport, an event pushed again, a refund carried out again.
-- Kept for good (accountability, not audit noise): the audit retention does not prune it.
CREATE TABLE operator_actions (
  id            bigserial PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  actor         text NOT NULL,
  action        text NOT NULL CHECK (action IN ('sync', 'resend', 'refund_retry')),
  merchant_uid  text NOT NULL REFERENCES orders (merchant_uid),
  -- the event pushed again, or the refund carried out again
  subject       text,
  detail        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX operator_actions_by_order ON operator_actions (merchant_uid, id);

-- where a push was last sent (EVENT_WEBHOOK_URL without credentials or query), written when an attempt ends: an
-- undelivered push with an endpoint has failed there. Those that failed before this was recorded group under ''.
ALTER TABLE event_deliveries ADD COLUMN endpoint text;
UPDATE event_deliveries SET endpoint = '' WHERE delivered_at IS NULL AND attempts > 0;
CREATE INDEX event_deliveries_failing ON event_deliveries (endpoint, event_id) WHERE delivered_at IS NULL AND endpoint IS NOT NULL;

-- the inbox's failed webhooks of the last day, newest first
CREATE INDEX webhook_receipts_failed ON webhook_receipts (received_at DESC) WHERE outcome IN ('unavailable', 'error');
