package dev.vodflow.devstack.gateway;

import java.net.URI;
import java.util.List;

/**
 * {@code /api/<area>/...} to the service that owns the area, with {@code /api} (and the area, where the service has no
 * such prefix) removed. Every other path (the page, the issuer, the Swagger UI, the gateway's own health) is the
 * gateway application's own. deploy/ reads this table: the front door in AWS routes and rewrites exactly so.
 */
final class GatewayRoutes {

    /**
     * One route.
     *
     * @param id a name for logs
     * @param path the decoded path it serves: exactly, or with everything under it where the pattern ends in
     *     {@code /**}
     * @param under whether paths under {@link #path} match too
     * @param service where it goes
     * @param strip how many leading segments of the path are dropped
     * @param prefix put before what is left of the path
     * @param replacement the whole path sent on instead, or null
     */
    record Route(
            String id, String path, boolean under, Upstream service, int strip, String prefix, String replacement) {

        boolean matches(String decodedPath) {
            return decodedPath.startsWith(path)
                    && (decodedPath.length() == path.length() || under && decodedPath.charAt(path.length()) == '/');
        }

        /** The path sent on for a raw (still encoded) request path this route matched; the query is the caller's. */
        String rewrite(String rawPath) {
            if (replacement != null) {
                return replacement;
            }
            int cut = 0;
            for (int segment = 0; segment < strip && cut >= 0; segment++) {
                cut = rawPath.indexOf('/', cut + 1);
            }
            String rest = cut < 0 ? "" : rawPath.substring(cut);
            String sent = prefix + rest;
            return sent.isEmpty() ? "/" : sent;
        }
    }

    private final List<Route> routes;

    GatewayRoutes(GatewayProperties services) {
        this.routes = List.of(
                forward("uploads", "/api/uploads/**", services.upload(), 1),
                forward("videos", "/api/videos/**", services.catalog(), 1),
                forward("playback", "/api/playback/**", services.playback(), 2),
                forward("webhooks", "/api/webhooks/**", services.notification(), 1),
                forward("events", "/api/events", services.notification(), 1),
                forward("jobs", "/api/jobs/**", services.transcode(), 1),
                forward("profile", "/api/profile/**", services.notification(), 1),
                forward("email", "/api/email/**", services.notification(), 1),
                forward("live", "/api/live/**", services.live(), 1),
                // Operator endpoints under one prefix, /api/ops/<service>/..., so that an edge in front of the gateway
                // can restrict them as a whole. The services themselves admit only the operator role there.
                forward("ops-catalog", "/api/ops/catalog/**", services.catalog(), 3, "/ops"),
                forward("ops-jobs", "/api/ops/jobs/**", services.transcode(), 2),
                // Each service's Kafka tool (platform/ops), /api/ops/<service>/kafka/** to its /ops/kafka/**; the
                // catalog's is under /api/ops/catalog/** already.
                forward("ops-kafka-upload", "/api/ops/upload/kafka/**", services.upload(), 3, "/ops"),
                forward("ops-kafka-transcode", "/api/ops/transcode/kafka/**", services.transcode(), 3, "/ops"),
                forward("ops-kafka-notification", "/api/ops/notification/kafka/**", services.notification(), 3, "/ops"),
                forward("ops-kafka-playback", "/api/ops/playback/kafka/**", services.playback(), 3, "/ops"),
                forward("ops-kafka-live", "/api/ops/live/kafka/**", services.live(), 3, "/ops"),
                // Each service's OpenAPI document, /api-docs/<area>, for the one Swagger UI at /docs/api.
                document("uploads", services.upload()),
                document("jobs", services.transcode()),
                document("videos", services.catalog()),
                document("webhooks", services.notification()),
                document("playback", services.playback()),
                document("live", services.live()));
    }

    /** The route of a decoded, normalised path, or null when the path is the gateway application's own. */
    Route match(String decodedPath) {
        for (Route route : routes) {
            if (route.matches(decodedPath)) {
                return route;
            }
        }
        return null;
    }

    private static Route forward(String id, String pattern, URI service, int strip) {
        return forward(id, pattern, service, strip, "");
    }

    private static Route forward(String id, String pattern, URI service, int strip, String prefix) {
        boolean under = pattern.endsWith("/**");
        String path = under ? pattern.substring(0, pattern.length() - 3) : pattern;
        return new Route(id, path, under, Upstream.of(service), strip, prefix, null);
    }

    private static Route document(String area, URI service) {
        return new Route("api-docs-" + area, "/api-docs/" + area, false, Upstream.of(service), 0, "", "/v3/api-docs");
    }
}
