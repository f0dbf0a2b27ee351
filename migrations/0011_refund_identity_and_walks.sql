-- A payment whose money fields i'mport answered missing or of another type is held as `unverifiable`: surfaced for a
-- person, never accepted or refunded; the sweeper finds those still unverifiable through a small partial index.
ALTER TABLE payments DROP CONSTRAINT payments_role;
ALTER TABLE payments ADD CONSTRAINT payments_role
  CHECK (role IN ('accepted', 'forgery', 'duplicate', 'replaced', 'failed', 'other', 'unverifiable'));
CREATE INDEX payments_unverifiable ON payments (updated_at) WHERE role = 'unverifiable';

-- The paid re-check's walk in progress: a walk too long for one pass continues on the next from where it stopped (its
-- cursor: whatever its PSP's listing pages by), with the same lower bound and start, so every change is read however
-- many there are.
ALTER TABLE reconcile_passes
  ADD COLUMN walk_since      bigint,
  ADD COLUMN walk_started_at bigint,
  ADD COLUMN walk_cursor     jsonb,
  ADD CHECK ((walk_since IS NULL) = (walk_started_at IS NULL));
