-- The settlement core: payments get a closed role instead of a free-text verdict, refunds become rows of their own
-- (committed before i'mport is called), and every order carries a version that each applied change bumps.

ALTER TABLE orders ADD COLUMN version integer NOT NULL DEFAULT 0;

-- i'mport may report any amount in any currency (12.5 USD): stored exactly, never forced into won
ALTER TABLE payments ALTER COLUMN amount TYPE numeric, ALTER COLUMN cancel_amount TYPE numeric;
ALTER TABLE payments
  ADD COLUMN role text,
  ADD COLUMN seq integer,
  ADD COLUMN retired boolean NOT NULL DEFAULT false,
  ADD COLUMN sandbox boolean NOT NULL DEFAULT false;

UPDATE payments p SET
  role = CASE
    WHEN verdict IN ('accepted', 'awaiting_deposit') THEN 'accepted'
    WHEN verdict LIKE 'forgery%' THEN 'forgery'
    WHEN verdict LIKE 'duplicate%' THEN 'duplicate'
    WHEN verdict = 'superseded' THEN 'replaced'
    WHEN verdict = 'failed' THEN 'failed'
    ELSE 'other' END,
  retired = verdict = 'superseded',
  sandbox = coalesce((snapshot->>'sandbox')::boolean, false),
  seq = numbered.seq
FROM (SELECT imp_uid, row_number() OVER (PARTITION BY merchant_uid ORDER BY created_at, imp_uid)::int AS seq FROM payments) numbered
WHERE numbered.imp_uid = p.imp_uid;

ALTER TABLE payments
  ALTER COLUMN role SET NOT NULL,
  ALTER COLUMN seq SET NOT NULL,
  ADD CONSTRAINT payments_role CHECK (role IN ('accepted', 'forgery', 'duplicate', 'replaced', 'failed', 'other')),
  ADD CONSTRAINT payments_seq UNIQUE (merchant_uid, seq);

CREATE TABLE refunds (
  id              text PRIMARY KEY,
  merchant_uid    text NOT NULL REFERENCES orders (merchant_uid),
  imp_uid         text NOT NULL REFERENCES payments (imp_uid),
  kind            text NOT NULL CHECK (kind IN ('cancel', 'revoke')),
  reason          text NOT NULL CHECK (reason IN ('forgery', 'duplicate', 'replaced', 'expired', 'operator')),
  amount          numeric NOT NULL CHECK (amount >= 0),
  -- the balance believed left before this cancel: i'mport refuses when its own differs, so nothing is refunded twice
  checksum        numeric,
  state           text NOT NULL CHECK (state IN ('pending', 'done', 'needs_operator', 'failed')),
  note            text,
  -- the buyer's account for refunding a deposited virtual account
  refund_to       jsonb,
  -- the API key and Idempotency-Key of the operator request that asked for it: a retry resumes it
  request_key     text UNIQUE,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  -- a pending refund is carried out by whoever holds it until then, and retried by the sweeper after
  next_attempt_at timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz,
  CHECK (kind = 'revoke' OR checksum IS NOT NULL),
  CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX refunds_by_order ON refunds (merchant_uid);
CREATE INDEX refunds_due ON refunds (next_attempt_at) WHERE state = 'pending';
CREATE INDEX refunds_newest ON refunds (created_at DESC, id DESC);
CREATE INDEX refunds_by_state ON refunds (state, created_at DESC, id DESC);

-- what the old verdicts still owed: refunds the sweeper carries out, and refusals already left to a person
INSERT INTO refunds (id, merchant_uid, imp_uid, kind, reason, amount, checksum, state, next_attempt_at, last_error)
SELECT 'rf_migrated_' || p.imp_uid, p.merchant_uid, p.imp_uid,
  CASE WHEN p.status = 'ready' THEN 'revoke' ELSE 'cancel' END,
  CASE WHEN p.verdict LIKE 'forgery%' THEN 'forgery' ELSE 'duplicate' END,
  CASE WHEN p.status = 'ready' THEN 0 ELSE p.amount - p.cancel_amount END,
  CASE WHEN p.status = 'ready' THEN NULL ELSE p.amount - p.cancel_amount END,
  CASE WHEN p.verdict LIKE '%_refund_refused' THEN 'needs_operator' ELSE 'pending' END,
  CASE WHEN p.verdict LIKE '%_refund_refused' THEN NULL ELSE now() END,
  CASE WHEN p.verdict LIKE '%_refund_refused' THEN 'refused by i''mport before this version' END
FROM payments p JOIN orders o ON o.merchant_uid = p.merchant_uid
WHERE p.verdict IN ('forgery', 'duplicate', 'forgery_refund_refused', 'duplicate_refund_refused') AND p.status IN ('paid', 'ready');

DROP INDEX payments_owed_refunds;
ALTER TABLE payments DROP COLUMN verdict;

-- the paid re-check walks i'mport's recently changed payments back to where the previous pass ended
CREATE TABLE reconcile_passes (
  name          text PRIMARY KEY,
  -- i'mport's payments changed at or after this unix time are still to be looked at
  watermark     bigint NOT NULL,
  lease_until   timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
