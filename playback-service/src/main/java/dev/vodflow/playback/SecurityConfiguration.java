package dev.vodflow.playback;

import dev.vodflow.playback.session.PlaybackProperties;
import dev.vodflow.security.ResourceServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Bearer tokens as {@code platform/security} checks them: {@code sub} is the viewer. When anonymous viewing is
 * on, the playback-session and download endpoints also let requests without a token through, and the entitlement
 * rule decides.
 * A session's renewal needs no token for videos anyone signed in may watch: the cookies it renews prove the session.
 * No cookie authenticates a request here (the CloudFront cookies are for the CDN), so CSRF does not apply.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http, PlaybackProperties playback, ResourceServer resourceServer) throws Exception {
        http.authorizeHttpRequests(requests -> {
            requests.requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/v3/api-docs/**")
                    .permitAll();
            if (playback.anonymousViewing()) {
                requests.requestMatchers(HttpMethod.POST, "/videos/*/playback-session", "/videos/*/download")
                        .permitAll();
            }
            // Renewal is proven by the session's own cookies; a token, when sent, is still checked.
            requests.requestMatchers(HttpMethod.POST, "/videos/*/playback-session/renewal")
                    .permitAll();
            requests.requestMatchers("/error").permitAll();
            requests.anyRequest().authenticated();
        });
        return resourceServer.applyTo(http).build();
    }
}
