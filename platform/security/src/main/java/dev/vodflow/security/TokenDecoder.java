package dev.vodflow.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The decoder every service uses. Only RS256 signatures by a key of the issuer's JWK set are accepted: that
 * refuses {@code alg=none}, an HMAC made with the public key as its secret, and a {@code kid} the set does not
 * hold. Then the token must name the issuer and the audience, carry an expiry, and be within its lifetime.
 */
final class TokenDecoder {

    /** Clocks of the issuer and the services differ a little; a minute is Spring's default too. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private TokenDecoder() {}

    static NimbusJwtDecoder create(TokenSettings settings) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(
                        settings.jwkSetUri().toString())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(validator(settings));
        return decoder;
    }

    static OAuth2TokenValidator<Jwt> validator(TokenSettings settings) {
        return validator(settings, Clock.systemUTC());
    }

    static OAuth2TokenValidator<Jwt> validator(TokenSettings settings, Clock clock) {
        JwtTimestampValidator lifetime = new JwtTimestampValidator(CLOCK_SKEW);
        lifetime.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, expiry -> expiry != null),
                lifetime,
                new JwtIssuerValidator(settings.issuer()),
                new JwtClaimValidator<List<String>>(
                        JwtClaimNames.AUD, audience -> audience != null && audience.contains(settings.audience()))));
    }
}
