package dev.vodflow.playback;

import dev.vodflow.playback.session.PlaybackProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A stateless OAuth2 resource server: {@code sub} of the bearer token is the viewer. When anonymous viewing is on,
 * the playback-session endpoint also lets requests without a token through, and the entitlement rule decides.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, PlaybackProperties playback) throws Exception {
        http.authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health/**", "/actuator/info")
                            .permitAll();
                    if (playback.anonymousViewing()) {
                        requests.requestMatchers(HttpMethod.POST, "/videos/*/playback-session")
                                .permitAll();
                    }
                    requests.requestMatchers("/error").permitAll();
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // No cookie authenticates a request here (the CloudFront cookies are for the CDN), so CSRF does not
                // apply.
                .csrf(csrf -> csrf.disable());
        return http.build();
    }
}
