package dev.vodflow.devstack.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The public front door never serves management endpoints: neither its own (but the bare {@code /actuator/health} that
 * container health checks ask) nor a service's, whatever prefix would route there ({@code /api/playback/actuator/...}
 * strips to {@code /actuator/...} on playback-service). Metrics are scraped on each service's own port.
 */
@Configuration(proxyBeanMethods = false)
class ManagementShield {

    static final String OWN_HEALTH = "/actuator/health";

    private static final String SEGMENT = "actuator";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> managementShieldFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Filter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    static boolean refused(String path) {
        if (path.equalsIgnoreCase(OWN_HEALTH)) {
            return false;
        }
        // a path segment "actuator" anywhere, in any case (checked on the decoded path the routes see, and on the path
        // as a server resolves it), without a regex or a copy on every request the front door routes
        return RequestPaths.anySegment(
                path,
                0,
                (segments, start, end) -> end - start == SEGMENT.length()
                        && segments.regionMatches(true, start, SEGMENT, 0, SEGMENT.length()));
    }

    private static final class Filter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            if (refused(path) || refused(request.getRequestURI())) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
