-- The PortOne V2 simulator's own state, apart from the service's tables: what a real PortOne would keep.
-- One row per paymentId (the shop's id): its attempts (transactions) as PortOne records them, oldest first, and its
-- pre-registered amount. The columns after `attempts` repeat what the payment's answer shows (the paid attempt, else the
-- newest), so that GET /payments can filter and sort in SQL.
CREATE TABLE portone_sandbox.payments (
  payment_id        text PRIMARY KEY,
  attempts          jsonb NOT NULL DEFAULT '[]'::jsonb,
  pre_registered    jsonb,
  async_cancels     boolean NOT NULL DEFAULT false,
  answer_patch      jsonb,
  status            text,
  is_test           boolean,
  currency          text,
  requested_at      timestamptz,
  status_changed_at timestamptz,
  created_at        timestamptz
);
CREATE INDEX payments_by_status_change ON portone_sandbox.payments (status_changed_at DESC, payment_id DESC) WHERE status IS NOT NULL;
CREATE INDEX payments_by_creation ON portone_sandbox.payments (created_at DESC, payment_id DESC) WHERE status IS NOT NULL;
