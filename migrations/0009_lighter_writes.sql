-- Less work in the one write that applies a payment. Order events are queued for push by that write itself, and
-- only when EVENT_WEBHOOK_URL is set (the event feed keeps every event either way); payments are found by order
-- through the unique (merchant_uid, seq) index, which makes the plain one redundant.
DROP TRIGGER order_events_queue_delivery ON order_events;
DROP FUNCTION queue_event_delivery();
DROP INDEX payments_by_merchant_uid;
