-- The W3C traceparent of the event a delivery was queued for: every attempt, retries included, continues that trace,
-- so a webhook shows up in the upload's trace however late it is delivered.
ALTER TABLE delivery ADD COLUMN trace_parent text;
