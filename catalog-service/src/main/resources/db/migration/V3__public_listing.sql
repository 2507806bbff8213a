-- The public listing (GET /videos/public): every owner's PUBLIC and READY videos, newest first, paged by keyset
-- on (created_at, id) like the owner's list. A partial index keeps it as cheap as the owner's pages however many
-- private or unfinished videos the catalog holds; title search uses the trigram index of V1 where it exists.
CREATE INDEX videos_public_created_idx ON videos (created_at DESC, id DESC)
    WHERE visibility = 'PUBLIC' AND state = 'READY';
