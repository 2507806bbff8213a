-- The owner's list and search (GET /videos, GET /videos?q=) from the index alone. The old index gave the order but
-- not the columns of a page, so every page read one heap page per video: an owner's search filtered its titles on
-- the heap, about 100 pages for 100 videos, and was planned again on every request because the generic plan looked
-- dearer than a custom one. With the page's columns in the index both are an index-only scan, and the generic plan
-- is kept. The index with the state filter stays (it narrows "my failed videos" first).
--
-- Not CONCURRENTLY: Flyway holds a transaction open on another connection for its lock, and a concurrent build waits
-- for it forever. A plain build holds the catalog's writes (the projection, PATCH, DELETE) until it ends, about a
-- second per 100,000 videos here; reads go on. Numbered after the live migration (V100): Flyway refuses a version
-- below one already applied.
CREATE INDEX videos_owner_listing_idx ON videos (owner_id, created_at DESC, id DESC)
    INCLUDE (title, visibility, state, percent, completion_duration_ms, completion_poster_path, updated_at);

DROP INDEX videos_owner_created_idx;
