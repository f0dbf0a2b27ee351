-- When a payment last changed, for sorting=updated/-updated (reference: "결제건 상태변화마다 수정시각 변경됨").
ALTER TABLE iamport_sandbox.payments ADD COLUMN updated_at timestamptz;
UPDATE iamport_sandbox.payments SET updated_at = created_at;
ALTER TABLE iamport_sandbox.payments ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT clock_timestamp();
CREATE INDEX payments_by_updated_at ON iamport_sandbox.payments (updated_at DESC, imp_uid DESC);
