package dev.vodflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.testsupport.MovableClock;
import dev.vodflow.testsupport.TestJwts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokensTests {

    private static final TokenSettings SETTINGS =
            new TokenSettings(TestJwts.ISSUER, TestJwts.AUDIENCE, TestJwts.jwkSetUri(), null);

    private final JwtDecoder real = TokenDecoder.create(SETTINGS);
    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtDecoder counting = token -> {
        verifications.incrementAndGet();
        return real.decode(token);
    };
    private final MovableClock clock = new MovableClock(Instant.now());

    private VerifiedTokens tokens(Duration timeToLive, int capacity) {
        return new VerifiedTokens(counting, TokenDecoder.validator(SETTINGS, clock), timeToLive, capacity, clock);
    }

    @Test
    void theSameTokenIsVerifiedOnce() {
        VerifiedTokens tokens = tokens(Duration.ofMinutes(1), 10);
        String token = TestJwts.token("alice");

        assertThat(tokens.decode(token).getSubject()).isEqualTo("alice");
        assertThat(tokens.decode(token).getSubject()).isEqualTo("alice");

        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        VerifiedTokens tokens = tokens(Duration.ofHours(1), 10);
        String token = TestJwts.token("alice", Duration.ofMinutes(2));
        tokens.decode(token);

        clock.move(Duration.ofMinutes(2).plus(TokenDecoder.CLOCK_SKEW).plusSeconds(1));

        assertThatThrownBy(() -> tokens.decode(token))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(verifications)
                .as("refused by the claims, not verified again")
                .hasValue(1);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aTokenIsVerifiedAgainAfterItsTimeToLive() {
        VerifiedTokens tokens = tokens(Duration.ofMinutes(1), 10);
        String token = TestJwts.token("alice");
        tokens.decode(token);

        clock.move(Duration.ofSeconds(61));
        tokens.decode(token);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void forgeriesAreRefusedEveryTimeAndNeverRemembered() {
        VerifiedTokens tokens = tokens(Duration.ofMinutes(1), 100);
        tokens.decode(TestJwts.token("alice"));
        TestJwts.forgeries("alice").forEach((what, forgery) -> {
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> tokens.decode(forgery)).as(what).isInstanceOf(JwtException.class);
            }
        });
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(verifications).hasValue(1 + 2 * TestJwts.forgeries("alice").size());
    }

    @Test
    void aTokenAlteredInOneCharacterIsVerifiedOnItsOwn() {
        VerifiedTokens tokens = tokens(Duration.ofMinutes(1), 10);
        String token = TestJwts.token("alice");
        tokens.decode(token);
        int lastSignatureCharacter = token.length() - 2;
        char other = token.charAt(lastSignatureCharacter) == 'A' ? 'B' : 'A';
        String altered =
                token.substring(0, lastSignatureCharacter) + other + token.substring(lastSignatureCharacter + 1);

        assertThatThrownBy(() -> tokens.decode(altered)).isInstanceOf(JwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void remembersAtMostItsCapacity() {
        VerifiedTokens tokens = tokens(Duration.ofMinutes(1), 2);
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            assertThat(tokens.decode(TestJwts.token(user)).getSubject()).isEqualTo(user);
        }
        assertThat(tokens.size()).isLessThanOrEqualTo(2);
    }
}
