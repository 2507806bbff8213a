-- No statement reads delivery_due any more: the claim goes through delivery_due_per_endpoint (V24) and retention through
-- delivery_completed (V25). Every queued delivery still cost an entry in it, so it goes.
DROP INDEX IF EXISTS delivery_due;
