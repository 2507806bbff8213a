package dev.vodflow.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * How a service takes bearer tokens: the shared decoder and role mapping, no session, no CSRF (no cookie
 * authenticates a call), and 401/403 with the standard {@code WWW-Authenticate} challenge plus a problem body.
 * A service's filter chain says which paths need what, then calls {@link #applyTo}.
 */
public final class ResourceServer {

    private final JwtDecoder decoder;
    private final JwtAuthenticationConverter authentication;

    ResourceServer(JwtDecoder decoder, JwtAuthenticationConverter authentication) {
        this.decoder = decoder;
        this.authentication = authentication;
    }

    public HttpSecurity applyTo(HttpSecurity http) throws Exception {
        AuthenticationEntryPoint unauthorized = unauthorized();
        AccessDeniedHandler forbidden = forbidden();
        return http.oauth2ResourceServer(
                        server -> server.jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(authentication))
                                .authenticationEntryPoint(unauthorized)
                                .accessDeniedHandler(forbidden))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
    }

    private static AuthenticationEntryPoint unauthorized() {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, failure) -> {
            bearer.commence(request, response, failure);
            Problems.write(
                    request,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "A valid bearer token is required: " + failure.getMessage());
        };
    }

    private static AccessDeniedHandler forbidden() {
        BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, denied) -> {
            bearer.handle(request, response, denied);
            Problems.write(request, response, HttpStatus.FORBIDDEN, "This needs a role the token does not have.");
        };
    }
}
