-- The owner's list and search (GET /videos, GET /videos?q=) as ready JSON from the index alone: each video's summary
-- (the tile VideoSummary describes) is rendered with its document (V102) and kept in the listing index, next to the
-- title the search filters on and the version the summary was rendered in. A page is then an index-only scan whose
-- rows are joined as they are, with no columns to map and nothing to serialise. A page with a video whose summary
-- is missing or of another version is read the old way (from the heap, until the background has rendered it).
ALTER TABLE videos ADD COLUMN summary text;

-- Not CONCURRENTLY, for the reason V101 gives.
CREATE INDEX videos_owner_summary_idx ON videos (owner_id, created_at DESC, id DESC)
    INCLUDE (title, document_version, summary);

DROP INDEX videos_owner_listing_idx;
