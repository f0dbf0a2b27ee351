-- The transactional outbox for pushed order events: a delivery row is created in the same transaction as the
-- event (by trigger), so no event can be committed without being queued for EVENT_WEBHOOK_URL.
CREATE TABLE event_deliveries (
  event_id        bigint PRIMARY KEY REFERENCES order_events (id),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  gave_up_at      timestamptz
);
CREATE INDEX event_deliveries_due ON event_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND gave_up_at IS NULL;

CREATE TABLE event_delivery_attempts (
  id            bigserial PRIMARY KEY,
  event_id      bigint NOT NULL REFERENCES order_events (id),
  attempted_at  timestamptz NOT NULL DEFAULT now(),
  status_code   integer,
  error         text
);

CREATE FUNCTION queue_event_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_deliveries (event_id) VALUES (NEW.id);
  RETURN NEW;
END $$;

CREATE TRIGGER order_events_queue_delivery AFTER INSERT ON order_events
  FOR EACH ROW EXECUTE FUNCTION queue_event_delivery();
