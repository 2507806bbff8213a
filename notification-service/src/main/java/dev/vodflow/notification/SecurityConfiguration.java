package dev.vodflow.notification;

import dev.vodflow.security.ResourceServer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every endpoint but health needs a bearer JWT (checked by {@code platform/security}); its {@code sub} is the owner. {@code GET /events} alone also accepts
 * the token as {@code ?access_token=}, because a browser's EventSource cannot send an Authorization header. Tokens in
 * URLs end up in access logs, so the gateway should not log that parameter, and tokens should be short-lived.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ResourceServer resourceServer) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/v3/api-docs/**")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        // The link in every mail: the signed token in it says who, so it works without a login.
                        .requestMatchers("/email/unsubscribe")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(oauth -> oauth.bearerTokenResolver(tokenResolver()));
        return resourceServer.applyTo(http).build();
    }

    static BearerTokenResolver tokenResolver() {
        DefaultBearerTokenResolver headerOnly = new DefaultBearerTokenResolver();
        DefaultBearerTokenResolver headerOrQuery = new DefaultBearerTokenResolver();
        headerOrQuery.setAllowUriQueryParameter(true);
        return (HttpServletRequest request) ->
                isEventStream(request) ? headerOrQuery.resolve(request) : headerOnly.resolve(request);
    }

    private static boolean isEventStream(HttpServletRequest request) {
        return HttpMethod.GET.matches(request.getMethod()) && "/events".equals(request.getRequestURI());
    }
}
