package dev.vodflow.transcode.ops;

import dev.vodflow.security.ResourceServer;
import dev.vodflow.security.Roles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Bearer tokens as {@code platform/security} checks them; retrying a job is for operators. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ResourceServer resourceServer) throws Exception {
        http.authorizeHttpRequests(auth -> auth.requestMatchers(
                                "/actuator/health/**",
                                "/actuator/health",
                                "/actuator/prometheus",
                                "/actuator/info",
                                "/v3/api-docs/**")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/jobs/*/retry")
                        .hasRole(Roles.OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/jobs/*")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .httpBasic(b -> b.disable());
        return resourceServer.applyTo(http).build();
    }
}
