package dev.vodflow.security;

import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * The token rules for every service that has this module on its class path. It runs before Spring Boot's
 * resource-server configuration so that its decoder, not one from {@code spring.security.oauth2.*}, is used.
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@EnableConfigurationProperties(TokenSettings.class)
public class TokenSecurityAutoConfiguration {

    @Bean
    JwtDecoder jwtDecoder(TokenSettings settings) {
        return new VerifiedTokens(
                TokenDecoder.create(settings),
                TokenDecoder.validator(settings),
                VerifiedTokens.TIME_TO_LIVE,
                VerifiedTokens.CAPACITY,
                Clock.systemUTC());
    }

    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter(TokenSettings settings) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(new RoleClaimAuthorities(settings.roleClaim()));
        return converter;
    }

    @Bean
    ResourceServer resourceServer(JwtDecoder jwtDecoder, JwtAuthenticationConverter jwtAuthenticationConverter) {
        return new ResourceServer(jwtDecoder, jwtAuthenticationConverter);
    }

    /**
     * Every request keeps its {@code http.server.requests} observation (metrics and the trace's server span); the
     * security filter chain's own observations (an event per filter, an authentication and an authorization span
     * per request) are left out: a profile of the catalog's {@code GET /videos/{id}} under wrk found them a large
     * share of the request threads' CPU on two cores. A service that wants them declares its own settings.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
