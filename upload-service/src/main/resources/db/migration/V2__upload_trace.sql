-- The W3C traceparent of the request that created the upload (or of the S3 event that found a watch-folder object):
-- the S3 event of the upload continues it, so one upload is one trace from the presign call to the webhook.
alter table uploads add column trace_parent varchar(55);
