-- Deliveries that are done (delivered, or given up on) are kept for vodflow.notification.delivery.retention, then
-- deleted with their attempts: the oldest first, found through this index without reading the pending ones.
CREATE INDEX delivery_completed ON delivery (completed_at) WHERE status <> 'PENDING';
