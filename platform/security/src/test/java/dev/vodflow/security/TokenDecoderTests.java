package dev.vodflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.testsupport.TestJwts;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class TokenDecoderTests {

    private final JwtDecoder decoder =
            TokenDecoder.create(new TokenSettings(TestJwts.ISSUER, TestJwts.AUDIENCE, TestJwts.jwkSetUri(), null));

    @Test
    void acceptsATokenOfTheIssuerForTheAudience() {
        assertThat(decoder.decode(TestJwts.token("alice")).getSubject()).isEqualTo("alice");
    }

    static Stream<Arguments> forgeries() {
        return TestJwts.forgeries("alice").entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void refusesEveryForgery(String what, String token) {
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void anotherAudienceOfTheSameIssuerIsNotEnough() {
        JwtDecoder forOthers =
                TokenDecoder.create(new TokenSettings(TestJwts.ISSUER, "billing-api", TestJwts.jwkSetUri(), null));
        assertThatThrownBy(() -> forOthers.decode(TestJwts.token("alice")))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("aud");
    }
}
