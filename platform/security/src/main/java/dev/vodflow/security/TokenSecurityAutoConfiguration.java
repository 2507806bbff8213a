package dev.vodflow.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
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
        return TokenDecoder.create(settings);
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
}
