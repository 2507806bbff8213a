-- Each video's JSON as GET /videos/{id} returns it, kept beside its row by the projection: a GET is then one index
-- lookup that returns a column, with no child tables to aggregate, no 45 columns to map and nothing to serialise.
-- document: what anyone who may see the video gets; document_owner_fields: the members only the owner sees (upload
-- details, the failure), appended to it for the owner; document_version: the shape they were rendered in. A row
-- whose version is not the service's own (rows from before this migration, or from before a change of the JSON) is
-- read the old way and rendered again in the background (VideoDocuments).
ALTER TABLE videos
    ADD COLUMN document text,
    ADD COLUMN document_owner_fields text,
    ADD COLUMN document_version smallint;

-- The rows the background renders next: none once it has caught up, so the index stays empty and its scan free.
CREATE INDEX videos_document_due_idx ON videos (id) WHERE document_version IS NULL;
