package dev.vodflow.security;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What a token must show to be trusted. The issuer, the audience and the JWK set have no defaults: a service
 * that does not know them refuses to start, naming the property, rather than trusting every token some key
 * signed.
 *
 * @param issuer the exact {@code iss} every accepted token carries
 * @param audience an {@code aud} value every accepted token must list: the identity provider's name for the vodflow
 *     API, so a token minted for another client of the same provider is refused
 * @param jwkSetUri where the issuer publishes its signing keys (JWKS); a token whose {@code kid} is not there is
 *     refused
 * @param roleClaim the claim holding the caller's roles (a list, or one space-separated string); {@code roles} if
 *     unset
 */
@ConfigurationProperties(TokenSettings.PREFIX)
public record TokenSettings(String issuer, String audience, URI jwkSetUri, String roleClaim) {

    static final String PREFIX = "vodflow.security";

    public TokenSettings {
        require(issuer, "issuer", "the exact iss of accepted tokens, e.g. https://login.example.com/");
        require(audience, "audience", "the aud accepted tokens must list, e.g. vodflow-api");
        require(jwkSetUri == null ? null : jwkSetUri.toString(), "jwk-set-uri", "the issuer's JWKS URL");
        roleClaim = roleClaim == null || roleClaim.isBlank() ? "roles" : roleClaim;
    }

    private static void require(String value, String property, String meaning) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(PREFIX + "." + property + " is not set: it is required (" + meaning
                    + "); without it this " + "service would not know which tokens to trust, so it does not start");
        }
    }
}
