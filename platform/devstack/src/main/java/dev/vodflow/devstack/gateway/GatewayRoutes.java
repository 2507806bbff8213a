package dev.vodflow.devstack.gateway;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.prefixPath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.setPath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.stripPrefix;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.cloud.gateway.server.mvc.predicate.GatewayRequestPredicates.path;

import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/** {@code /api/<area>/...} to the service that owns the area, with {@code /api} (and the area, where the service has no such prefix) removed. */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    @Bean
    RouterFunction<ServerResponse> apiRoutes(GatewayProperties services) {
        return forward("uploads", "/api/uploads/**", services.upload(), 1)
                .and(forward("uploads-root", "/api/uploads", services.upload(), 1))
                .and(forward("videos", "/api/videos/**", services.catalog(), 1))
                .and(forward("videos-root", "/api/videos", services.catalog(), 1))
                .and(forward("playback", "/api/playback/**", services.playback(), 2))
                .and(forward("webhooks", "/api/webhooks/**", services.notification(), 1))
                .and(forward("webhooks-root", "/api/webhooks", services.notification(), 1))
                .and(forward("events", "/api/events", services.notification(), 1))
                .and(forward("jobs", "/api/jobs/**", services.transcode(), 1))
                .and(forward("profile", "/api/profile/**", services.notification(), 1))
                .and(forward("email", "/api/email/**", services.notification(), 1))
                .and(forward("live", "/api/live/**", services.live(), 1))
                .and(operatorRoutes(services))
                .and(apiDocs(services));
    }

    /** Each service's OpenAPI document, {@code /api-docs/<area>}, for the one Swagger UI at {@code /docs/api}. */
    private static RouterFunction<ServerResponse> apiDocs(GatewayProperties services) {
        return document("uploads", services.upload())
                .and(document("jobs", services.transcode()))
                .and(document("videos", services.catalog()))
                .and(document("webhooks", services.notification()))
                .and(document("playback", services.playback()))
                .and(document("live", services.live()));
    }

    private static RouterFunction<ServerResponse> document(String area, URI target) {
        return route("api-docs-" + area)
                .route(path("/api-docs/" + area), http())
                .before(uri(target))
                .before(setPath("/v3/api-docs"))
                .build();
    }

    /**
     * Operator endpoints under one prefix, {@code /api/ops/<service>/...}, so that an edge in front of the gateway
     * can restrict them as a whole. The services themselves admit only the operator role there.
     */
    private static RouterFunction<ServerResponse> operatorRoutes(GatewayProperties services) {
        return route("ops-catalog")
                .route(path("/api/ops/catalog/**"), http())
                .before(uri(services.catalog()))
                .before(stripPrefix(3))
                .before(prefixPath("/ops"))
                .build()
                .and(forward("ops-jobs", "/api/ops/jobs/**", services.transcode(), 2))
                // Each service's Kafka tool (platform/ops), /api/ops/<service>/kafka/** to its /ops/kafka/**; the
                // catalog's is under /api/ops/catalog/** already. Spelled out: deploy/ reads these routes.
                .and(route("ops-kafka-upload")
                        .route(path("/api/ops/upload/kafka/**"), http())
                        .before(uri(services.upload()))
                        .before(stripPrefix(3))
                        .before(prefixPath("/ops"))
                        .build())
                .and(route("ops-kafka-transcode")
                        .route(path("/api/ops/transcode/kafka/**"), http())
                        .before(uri(services.transcode()))
                        .before(stripPrefix(3))
                        .before(prefixPath("/ops"))
                        .build())
                .and(route("ops-kafka-notification")
                        .route(path("/api/ops/notification/kafka/**"), http())
                        .before(uri(services.notification()))
                        .before(stripPrefix(3))
                        .before(prefixPath("/ops"))
                        .build())
                .and(route("ops-kafka-playback")
                        .route(path("/api/ops/playback/kafka/**"), http())
                        .before(uri(services.playback()))
                        .before(stripPrefix(3))
                        .before(prefixPath("/ops"))
                        .build())
                .and(route("ops-kafka-live")
                        .route(path("/api/ops/live/kafka/**"), http())
                        .before(uri(services.live()))
                        .before(stripPrefix(3))
                        .before(prefixPath("/ops"))
                        .build());
    }

    private static RouterFunction<ServerResponse> forward(String id, String pattern, URI target, int strip) {
        return route(id)
                .route(path(pattern), http())
                .before(uri(target))
                .before(stripPrefix(strip))
                .build();
    }
}
