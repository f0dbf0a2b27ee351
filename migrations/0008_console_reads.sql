-- What the operator console reads (src/console), each through an index of its own rather than a scan of a whole table.
-- None of these is on the verification path's reads; each write pays one small index entry at most (the payments index
-- only when a payment that is not its order's is paid). On a large existing database, create them beforehand with
-- CREATE INDEX CONCURRENTLY under the same names: this migration then finds them and changes nothing.

-- search by the start of a buyer's email or name, in any case (LIKE 'prefix%')
CREATE INDEX IF NOT EXISTS orders_by_buyer_email ON orders ((lower(buyer->>'email')) text_pattern_ops);
CREATE INDEX IF NOT EXISTS orders_by_buyer_name ON orders ((lower(buyer->>'name')) text_pattern_ops);

-- an order's timeline: the webhook deliveries naming it
CREATE INDEX IF NOT EXISTS webhook_receipts_by_merchant_uid ON webhook_receipts (merchant_uid, id);

-- "paid at i'mport, not paid here": money held that is not its order's payment, until it is refunded
CREATE INDEX IF NOT EXISTS payments_paid_not_accepted ON payments (updated_at) WHERE status = 'paid' AND role <> 'accepted';

-- failing event pushes: those given up, and the last attempt of each
CREATE INDEX IF NOT EXISTS event_deliveries_given_up ON event_deliveries (gave_up_at) WHERE gave_up_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS event_delivery_attempts_by_event ON event_delivery_attempts (event_id, id);
