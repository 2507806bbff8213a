package dev.vodflow.catalog;

import dev.vodflow.security.ResourceServer;
import dev.vodflow.security.Roles;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every API call carries a bearer token (checked by {@code platform/security}) whose {@code sub} is the caller;
 * the ops endpoints and the other actuator endpoints are for operators only. Health stays open for probes and
 * metrics for the scraper: neither is reachable through the gateway.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ResourceServer resourceServer) throws Exception {
        http.authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                .permitAll()
                .requestMatchers(
                        "/actuator/health",
                        "/actuator/health/**",
                        "/actuator/info",
                        "/actuator/prometheus",
                        "/v3/api-docs/**")
                .permitAll()
                .requestMatchers(HttpMethod.GET, "/videos/public")
                .permitAll()
                .requestMatchers("/ops/**", "/actuator/**")
                .hasRole(Roles.OPERATOR)
                .anyRequest()
                .authenticated());
        return resourceServer.applyTo(http).build();
    }
}
