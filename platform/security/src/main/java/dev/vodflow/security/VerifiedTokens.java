package dev.vodflow.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers, for a short time, tokens whose signature has been verified, so that a client calling again with the same
 * token is not verified again: the RSA verification was a third of the catalog's CPU per {@code GET /videos/{id}}
 * (JFR under wrk, the dev stack's C1-only JVMs, where the JDK's BigInteger intrinsics are missing).
 *
 * <p>Only the signature check is skipped on a hit. The claims (expiry with its clock skew, issuer, audience) are
 * validated at every use, so a remembered token is refused the moment it expires. A token is looked up by its whole
 * text: a token differing in any character is verified on its own. A token is remembered for at most
 * {@code timeToLive} (a minute: within the five minutes the decoder keeps the issuer's key set, so a key removed from
 * the set is not trusted any longer than the key cache trusts it anyway) and at most {@code capacity} tokens are.
 */
final class VerifiedTokens implements JwtDecoder {

    static final Duration TIME_TO_LIVE = Duration.ofMinutes(1);
    static final int CAPACITY = 1_000;

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> claims;
    private final Duration timeToLive;
    private final int capacity;
    private final Clock clock;
    private final Map<String, Remembered> tokens = new ConcurrentHashMap<>();

    private record Remembered(Jwt jwt, Instant forgetAt) {}

    /**
     * @param verifier decodes, verifies the signature and validates the claims (the tokens it refuses are never
     *     remembered)
     * @param claims the claim validation the verifier applies, applied again on every remembered use
     */
    VerifiedTokens(
            JwtDecoder verifier, OAuth2TokenValidator<Jwt> claims, Duration timeToLive, int capacity, Clock clock) {
        this.verifier = verifier;
        this.claims = claims;
        this.timeToLive = timeToLive;
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) {
        Instant now = clock.instant();
        Remembered remembered = tokens.get(token);
        if (remembered != null && now.isBefore(remembered.forgetAt())) {
            OAuth2TokenValidatorResult result = claims.validate(remembered.jwt());
            if (result.hasErrors()) {
                tokens.remove(token, remembered);
                String description = result.getErrors().iterator().next().getDescription();
                throw new JwtValidationException(
                        "An error occurred while attempting to decode the Jwt: " + description, result.getErrors());
            }
            return remembered.jwt();
        }
        Jwt jwt = verifier.decode(token);
        if (tokens.size() >= capacity) {
            makeRoom(now);
        }
        tokens.put(token, new Remembered(jwt, now.plus(timeToLive)));
        return jwt;
    }

    int size() {
        return tokens.size();
    }

    /** The forgotten first; if none, any: a full cache costs verifications, never a refusal. */
    private void makeRoom(Instant now) {
        tokens.values().removeIf(remembered -> !now.isBefore(remembered.forgetAt()));
        Iterator<String> any = tokens.keySet().iterator();
        while (tokens.size() >= capacity && any.hasNext()) {
            any.next();
            any.remove();
        }
    }
}
