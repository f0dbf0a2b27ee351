-- Idempotency-Key records, per API key: the claim while the first request runs, then its response for replays.
CREATE TABLE idempotency_keys (
  api_key_id    text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  -- null while the first request is still running
  status_code   integer,
  response      text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (api_key_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
