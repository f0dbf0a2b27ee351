-- The i'mport simulator's own state, apart from the service's tables: what a real i'mport would keep.
CREATE TABLE iamport_sandbox.payments (
  imp_uid      text PRIMARY KEY,
  merchant_uid text NOT NULL,
  payment      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX payments_by_merchant_uid ON iamport_sandbox.payments (merchant_uid, created_at DESC);

CREATE TABLE iamport_sandbox.prepared (
  merchant_uid text PRIMARY KEY,
  amount       bigint NOT NULL
);

CREATE SEQUENCE iamport_sandbox.imp_uid_seq;
