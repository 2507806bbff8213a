package dev.vodflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.testsupport.TestJwts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class TokenSecurityAutoConfigurationTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TokenSecurityAutoConfiguration.class));

    @Test
    void refusesToStartWithoutAnIssuerAndSaysWhichPropertyIsMissing() {
        context.withPropertyValues(
                        "vodflow.security.audience=" + TestJwts.AUDIENCE,
                        "vodflow.security.jwk-set-uri=" + TestJwts.jwkSetUri())
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vodflow.security.issuer is not set"));
    }

    @Test
    void refusesToStartWithoutAnAudienceAndSaysWhichPropertyIsMissing() {
        context.withPropertyValues(
                        "vodflow.security.issuer=" + TestJwts.ISSUER,
                        "vodflow.security.jwk-set-uri=" + TestJwts.jwkSetUri())
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vodflow.security.audience is not set"));
    }

    @Test
    void startsWithIssuerAudienceAndKeys() {
        context.withPropertyValues(
                        "vodflow.security.issuer=" + TestJwts.ISSUER,
                        "vodflow.security.audience=" + TestJwts.AUDIENCE,
                        "vodflow.security.jwk-set-uri=" + TestJwts.jwkSetUri())
                .run(started -> assertThat(started.getBean(JwtDecoder.class)
                                .decode(TestJwts.token("ops", "admin"))
                                .getSubject())
                        .isEqualTo("ops"));
    }
}
