package dev.vodflow.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic event ids (RFC 9562 name-based UUIDs, version 5), for events that may be produced twice
 * from the same fact: a redelivered notification yields the same id, and consumers drop the duplicate.
 */
public final class EventIds {

    /** The vodflow namespace for name-based ids. */
    static final UUID NAMESPACE = UUID.fromString("6f2f7a5e-3c1d-4b8e-9a47-2d6c0e5b8f10");

    private EventIds() {}

    /** The id of the {@code video.uploaded} event for one S3 object version: same bucket, key and ETag, same id. */
    public static String videoUploaded(String bucket, String key, String etag) {
        return nameBased("video.uploaded", bucket, key, stripQuotes(etag));
    }

    /**
     * A name-based id from parts; parts are length-prefixed, so {@code ("ab", "c")} and {@code ("a", "bc")}
     * differ.
     */
    public static String nameBased(String... parts) {
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            String value = part == null ? "" : part;
            name.append(value.length()).append(':').append(value).append('|');
        }
        return uuidV5(NAMESPACE, name.toString()).toString();
    }

    private static String stripQuotes(String etag) {
        if (etag == null) {
            return "";
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1)
                : etag;
    }

    static UUID uuidV5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-1", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
