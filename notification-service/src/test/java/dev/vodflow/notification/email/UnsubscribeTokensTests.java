package dev.vodflow.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UnsubscribeTokensTests {

    private final UnsubscribeTokens tokens = EmailFixtures.tokens();

    @Test
    void aTokenNamesWhoItWasMadeFor() {
        assertThat(tokens.verify(tokens.token(new UnsubscribeTokens.User("alice"))))
                .contains(new UnsubscribeTokens.User("alice"));
        assertThat(tokens.verify(tokens.token(new UnsubscribeTokens.Operator("ops@vodflow.example"))))
                .contains(new UnsubscribeTokens.Operator("ops@vodflow.example"));
    }

    @Test
    void aTokenForAnotherUserCannotBeForged() {
        String alice = tokens.token(new UnsubscribeTokens.User("alice"));
        String bobsSubject = tokens.token(new UnsubscribeTokens.User("bob")).split("\\.")[0];
        String forged = bobsSubject + "." + alice.split("\\.")[1];

        assertThat(tokens.verify(forged)).isEmpty();
        assertThat(tokens.verify(alice + "x")).isEmpty();
        assertThat(tokens.verify("not-a-token")).isEmpty();
        assertThat(tokens.verify("a.b.c")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
    }

    @Test
    void aNewSecretVoidsOldLinks() {
        UnsubscribeTokens rotated = new UnsubscribeTokens(
                "another-secret-of-at-least-32-characters!!", URI.create("https://vodflow.example/u"));

        assertThat(rotated.verify(tokens.token(new UnsubscribeTokens.User("alice"))))
                .isEmpty();
    }

    @Test
    void theLinkCarriesTheTokenUrlEncoded() {
        String link = tokens.link(new UnsubscribeTokens.User("alice"));

        assertThat(link).startsWith(EmailFixtures.UNSUBSCRIBE + "?token=");
        String token = java.net.URLDecoder.decode(
                link.substring(link.indexOf("?token=") + 7), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(tokens.verify(token)).contains(new UnsubscribeTokens.User("alice"));
    }
}
