-- Forged or duplicate payments still to be cancelled at i'mport (the automatic cancel met an outage): the sweeper
-- finds them through this small partial index, however large the payments table grows.
CREATE INDEX payments_owed_refunds ON payments (updated_at)
  WHERE status IN ('paid', 'ready') AND verdict IN ('duplicate', 'forgery');
