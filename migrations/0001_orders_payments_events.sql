-- Orders, the payments i'mport reported for them, the order-event outbox and the audit trail of
-- inbound i'mport webhooks. Constraints live here so that a bug fails loudly instead of moving money twice.

CREATE TABLE orders (
  merchant_uid      text PRIMARY KEY,
  name              text NOT NULL,
  amount            bigint NOT NULL CHECK (amount > 0 AND amount <= 10000000000),
  currency          text NOT NULL DEFAULT 'KRW',
  status            text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'awaiting_deposit', 'paid', 'partially_cancelled', 'cancelled', 'failed')),
  buyer             jsonb NOT NULL DEFAULT '{}',
  metadata          jsonb NOT NULL DEFAULT '{}',
  pay_methods       text[],
  imp_uid           text UNIQUE,
  pay_method        text,
  pg_provider       text,
  paid_amount       bigint NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),
  cancelled_amount  bigint NOT NULL DEFAULT 0 CHECK (cancelled_amount >= 0 AND cancelled_amount <= paid_amount),
  vbank             jsonb,
  -- false until i'mport accepted POST /payments/prepare for this order; the sweeper retries it
  amount_registered boolean NOT NULL DEFAULT false,
  paid_at           timestamptz,
  cancelled_at      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  -- when the sweeper last asked i'mport about this order
  checked_at        timestamptz
);

CREATE INDEX orders_newest ON orders (created_at DESC, merchant_uid DESC);
CREATE INDEX orders_status_newest ON orders (status, created_at DESC, merchant_uid DESC);
CREATE INDEX orders_to_reconcile ON orders (checked_at ASC NULLS FIRST, updated_at)
  WHERE status IN ('pending', 'awaiting_deposit', 'failed') OR NOT amount_registered;

CREATE TABLE payments (
  imp_uid       text PRIMARY KEY,
  -- the merchant_uid i'mport reports, which may name an order other than the one a caller claimed
  merchant_uid  text NOT NULL,
  status        text NOT NULL,
  amount        bigint NOT NULL,
  cancel_amount bigint NOT NULL DEFAULT 0,
  currency      text NOT NULL,
  verdict       text NOT NULL,
  snapshot      jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payments_by_merchant_uid ON payments (merchant_uid);

CREATE TABLE order_events (
  id            bigserial PRIMARY KEY,
  type          text NOT NULL,
  merchant_uid  text NOT NULL REFERENCES orders (merchant_uid),
  -- names the transition (e.g. 'paid:imp_123'), so the same change can never be recorded twice
  transition    text NOT NULL,
  data          jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  -- the writing transaction: the feed only shows events whose transaction, and every earlier one, has committed
  tx_id         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (merchant_uid, transition)
);

CREATE TABLE webhook_receipts (
  id            bigserial PRIMARY KEY,
  received_at   timestamptz NOT NULL DEFAULT now(),
  source_ip     text NOT NULL,
  imp_uid       text,
  merchant_uid  text,
  status        text,
  body          jsonb NOT NULL,
  outcome       text NOT NULL DEFAULT 'received'
);

CREATE INDEX webhook_receipts_by_imp_uid ON webhook_receipts (imp_uid);
