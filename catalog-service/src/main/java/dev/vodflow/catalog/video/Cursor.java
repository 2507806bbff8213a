package dev.vodflow.catalog.video;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of {@code GET /videos} ended: the last video's (createdAt, id). Opaque to clients (base64url
 * of a versioned string), so the format can change without breaking them.
 */
record Cursor(Instant createdAt, String id) {

    private static final String VERSION = "v1";

    /**
     * The times a cursor may hold: a video's creation time is in these years. A forged cursor beyond them (or with a
     * NUL in its id) would fail the statement in PostgreSQL, and with it every page read in the same statement.
     */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    String encode() {
        long seconds = createdAt.getEpochSecond();
        int nanos = createdAt.getNano();
        String raw = VERSION + ":" + seconds + ":" + nanos + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", 4);
            if (parts.length != 4 || !VERSION.equals(parts[0]) || parts[3].isEmpty()) {
                throw new IllegalArgumentException(raw);
            }
            Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
            if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST) || InvalidRequestException.hasNul(parts[3])) {
                throw new IllegalArgumentException(raw);
            }
            return new Cursor(createdAt, parts[3]);
        } catch (RuntimeException e) {
            throw InvalidRequestException.of("cursor", "is not a cursor this service returned");
        }
    }
}
