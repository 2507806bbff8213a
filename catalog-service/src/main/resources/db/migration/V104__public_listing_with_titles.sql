-- The public listing's index (V3) with each video's title beside its keys, so that a search of the public listing
-- (GET /videos/public?q=) filters its window of the newest videos from the index alone. With the old index the window
-- read a heap page per video to filter its title: for words rare among the newest videos, about 2 ms of PostgreSQL
-- per page for the window of 1,000 with the benchmark's 100,000 videos, where the index alone takes 0.6-1 ms (and the
-- 51 rows of a page are then read by their ids). The listing without words reads it as it read the old index.
--
-- Not CONCURRENTLY, for the reason V101 gives.
CREATE INDEX videos_public_listing_idx ON videos (created_at DESC, id DESC) INCLUDE (title)
    WHERE visibility = 'PUBLIC' AND state = 'READY';

DROP INDEX videos_public_created_idx;
