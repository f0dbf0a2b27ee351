-- PortOne V2 beside i'mport V1. An order is paid through one PSP API, chosen when it is created (orders made before
-- are V1's). The core now decides on provider-neutral facts: a payment source is named by the attempt's id at its PSP
-- (V1 imp_uid, V2 transactionId), and payments.snapshot holds the fact, no longer i'mport's answer as it came.
ALTER TABLE orders ADD COLUMN provider text NOT NULL DEFAULT 'iamport' CHECK (provider IN ('iamport', 'portone'));
ALTER TABLE orders RENAME COLUMN imp_uid TO source_id;
ALTER TABLE payments RENAME COLUMN imp_uid TO source_id;
ALTER TABLE payments RENAME COLUMN sandbox TO test;
ALTER TABLE refunds RENAME COLUMN imp_uid TO source_id;
-- which PSP's webhook a receipt records; a V2 delivery names its payment by merchant_uid (the paymentId), not imp_uid
ALTER TABLE webhook_receipts ADD COLUMN provider text NOT NULL DEFAULT 'iamport' CHECK (provider IN ('iamport', 'portone'));

-- a stored i'mport answer becomes the fact the V1 adapter makes of it (src/providers/iamport/facts.ts)
CREATE FUNCTION pg_temp.unix(value jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS
  $$ SELECT CASE WHEN jsonb_typeof(value) = 'number' THEN greatest(value::text::numeric::bigint, 0) ELSE 0 END $$;
CREATE FUNCTION pg_temp.text_or_null(value jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS
  $$ SELECT CASE WHEN jsonb_typeof(value) = 'string' THEN value ELSE 'null'::jsonb END $$;

UPDATE payments SET snapshot = jsonb_build_object(
  'provider', 'iamport',
  'source_id', snapshot->'imp_uid',
  'order_id', coalesce(pg_temp.text_or_null(snapshot->'merchant_uid'), to_jsonb(merchant_uid)),
  'status', snapshot->'status',
  'amount', snapshot->'amount',
  'cancel_amount', coalesce(snapshot->'cancel_amount', '0'),
  'currency', snapshot->'currency',
  'test', coalesce(snapshot->'sandbox', 'false'),
  'method', pg_temp.text_or_null(snapshot->'pay_method'),
  'pg', pg_temp.text_or_null(snapshot->'pg_provider'),
  'account', CASE WHEN snapshot->>'pay_method' = 'vbank' AND snapshot->>'vbank_num' IS NOT NULL THEN jsonb_build_object(
      'number', snapshot->'vbank_num', 'bank', coalesce(pg_temp.text_or_null(snapshot->'vbank_name'), '""'),
      'holder', pg_temp.text_or_null(snapshot->'vbank_holder'),
      'due_at', pg_temp.unix(snapshot->'vbank_date'), 'issued_at', pg_temp.unix(snapshot->'vbank_issued_at'))
    ELSE 'null'::jsonb END,
  'started_at', pg_temp.unix(snapshot->'started_at'),
  'paid_at', pg_temp.unix(snapshot->'paid_at'),
  'failed_at', pg_temp.unix(snapshot->'failed_at'),
  'cancelled_at', pg_temp.unix(snapshot->'cancelled_at'),
  'fail_reason', pg_temp.text_or_null(snapshot->'fail_reason'),
  'receipt_url', pg_temp.text_or_null(snapshot->'receipt_url'),
  'cancels', (SELECT coalesce(jsonb_agg(jsonb_build_object(
      'amount', CASE WHEN jsonb_typeof(c->'amount') = 'number' THEN c->'amount' ELSE '0' END,
      'reason', pg_temp.text_or_null(c->'reason'), 'at', pg_temp.unix(c->'cancelled_at'), 'status', 'succeeded',
      'receipt_url', pg_temp.text_or_null(c->'receipt_url'))), '[]'::jsonb)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(snapshot->'cancel_history') = 'array' THEN snapshot->'cancel_history' ELSE '[]' END) AS c)
) || CASE WHEN snapshot ? 'unverifiable' THEN jsonb_build_object('unverifiable', snapshot->'unverifiable') ELSE '{}'::jsonb END;

-- each PSP's paid re-check keeps its own watermark
UPDATE reconcile_passes SET name = 'recent_changes:iamport' WHERE name = 'recent_changes';
