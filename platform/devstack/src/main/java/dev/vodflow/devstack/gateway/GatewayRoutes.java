package dev.vodflow.devstack.gateway;

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
                .and(forward("email", "/api/email/**", services.notification(), 1));
    }

    private static RouterFunction<ServerResponse> forward(String id, String pattern, URI target, int strip) {
        return route(id)
                .route(path(pattern), http())
                .before(uri(target))
                .before(stripPrefix(strip))
                .build();
    }
}
