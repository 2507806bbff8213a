package dev.vodflow.devstack.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/** What the front door reads of a request target before it routes it. */
final class RequestPaths {

    private RequestPaths() {}

    /** A request target split into its still encoded path and its query ({@code ?...} or empty). */
    record Target(String rawPath, String query) {}

    /**
     * The origin-form path and query of a request target ({@code /a/b?c}); an absolute-form target
     * ({@code http://host/a/b?c}) gives its path and query too. Null for anything else ({@code *}, garbage).
     */
    static Target split(String uri) {
        String target = uri;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme <= 0) {
                return null;
            }
            int path = target.indexOf('/', scheme + 3);
            int query = target.indexOf('?', scheme + 3);
            if (path < 0 || query >= 0 && query < path) {
                target = "/" + (query < 0 ? "" : target.substring(query));
            } else {
                target = target.substring(path);
            }
        }
        int hash = target.indexOf('#');
        if (hash >= 0) {
            target = target.substring(0, hash);
        }
        int query = target.indexOf('?');
        return query < 0 ? new Target(target, "") : new Target(target.substring(0, query), target.substring(query));
    }

    /**
     * The path percent-decoded as UTF-8, or null where a person could hide a different path in it: a malformed
     * escape, bytes that are not UTF-8, an encoded slash or backslash (a service would read a segment boundary the
     * router did not see), a backslash or a control character.
     */
    static String decode(String rawPath) {
        if (rawPath.indexOf('%') < 0) {
            return plain(rawPath) && ascii(rawPath) ? rawPath : null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length()) {
                    return null;
                }
                int high = Character.digit(rawPath.charAt(i + 1), 16);
                int low = Character.digit(rawPath.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                int decoded = high << 4 | low;
                if (decoded == '/' || decoded == '\\') {
                    return null;
                }
                bytes.write(decoded);
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        try {
            String decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
            return plain(decoded) ? decoded : null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Whether a decoded path is already in its normal form: no {@code .} or {@code ..} segment and no empty segment
     * ({@code //}). The router never resolves such paths itself, so that what it matched is what the service reads.
     */
    static boolean normal(String decodedPath) {
        return decodedPath.startsWith("/")
                && !anySegment(
                        decodedPath,
                        1,
                        (path, start, end) -> end == start && end < path.length()
                                || end - start == 1 && path.charAt(start) == '.'
                                || end - start == 2 && path.startsWith("..", start));
    }

    /** A test of the segment of {@code path} from {@code start} to {@code end} (exclusive). */
    interface SegmentTest {
        boolean test(String path, int start, int end);
    }

    /** Whether a segment of the path, the first starting at {@code from}, passes the test. */
    static boolean anySegment(String path, int from, SegmentTest test) {
        int start = from;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (test.test(path, start, end)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** The path with {@code .} and {@code ..} segments resolved and empty segments dropped, as a server reads it. */
    static String resolved(String decodedPath) {
        ArrayDeque<String> segments = new ArrayDeque<>();
        for (String segment : decodedPath.split("/", -1)) {
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        String path = "/" + String.join("/", segments);
        return decodedPath.endsWith("/") && !path.equals("/") ? path + "/" : path;
    }

    private static boolean ascii(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean plain(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
