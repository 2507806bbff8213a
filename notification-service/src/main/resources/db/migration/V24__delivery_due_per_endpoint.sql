-- The claim takes each endpoint's oldest due deliveries up to its concurrency limit (issue 21): one short index range
-- per endpoint, however far behind the other endpoints' backlogs are.
CREATE INDEX delivery_due_per_endpoint ON delivery (webhook_id, next_attempt_at) WHERE status = 'PENDING';
