package dev.vodflow.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MailTemplatesTests {

    private final MailTemplates templates = new MailTemplates();

    static Map<String, Object> model(MailKind kind) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Beach walk");
        model.put("videoUrl", "https://vodflow.example/videos/v1");
        model.put("posterUrl", "https://cdn.vodflow.example/output/v1/thumbnails/t1.jpg");
        model.put("duration", "1:23");
        model.put("reason", "The file has no video or audio stream we can read.");
        model.put("errorCode", "INPUT_UNREADABLE");
        model.put("retryable", false);
        model.put("webhookId", "3f1c");
        model.put("ownerId", "alice");
        model.put("url", "https://hooks.example/in");
        model.put("disabledAt", "2026-12-01T20:00:00Z");
        model.put("topic", "video.uploaded.catalog-service.dlt");
        model.put("originalTopic", "video.uploaded");
        model.put("partition", "2");
        model.put("offset", "41");
        model.put("cause", "malformed body");
        model.put("writtenAt", "2026-12-01T20:00:00Z");
        model.put("interval", "1h");
        model.put("unsubscribeUrl", "https://vodflow.example/api/email/unsubscribe?token=abc");
        model.put(
                "why",
                kind == MailKind.WEBHOOK_DISABLED || kind == MailKind.DEAD_LETTER
                        ? "footer.why.operator"
                        : "footer.why.video");
        return model;
    }

    @ParameterizedTest
    @EnumSource(MailKind.class)
    void everyMailRendersInEveryLanguageWithItsUnsubscribeLinkAndNoMissingMessage(MailKind kind) {
        for (String language : dev.vodflow.notification.profile.EmailProfiles.LOCALES) {
            RenderedMail mail = templates.render(kind, Locale.forLanguageTag(language), model(kind), "Beach walk");

            assertThat(mail.subject()).isNotBlank().doesNotContain("??");
            assertThat(mail.text()).doesNotContain("??").contains("https://vodflow.example/api/email/unsubscribe");
            assertThat(mail.html())
                    .doesNotContain("??")
                    .contains("href=\"https://vodflow.example/api/email/unsubscribe?token=abc\"")
                    .contains("lang=\"" + language + "\"");
        }
    }

    @Test
    void readyMailCarriesTitlePosterLinkAndLength() {
        RenderedMail mail =
                templates.render(MailKind.VIDEO_READY, Locale.ENGLISH, model(MailKind.VIDEO_READY), "Beach walk");

        assertThat(mail.subject()).isEqualTo("Your video “Beach walk” is ready");
        assertThat(mail.html())
                .contains("src=\"https://cdn.vodflow.example/output/v1/thumbnails/t1.jpg\"")
                .contains("href=\"https://vodflow.example/videos/v1\"")
                .contains("Length: 1:23");
        assertThat(mail.text())
                .contains("Watch it: https://vodflow.example/videos/v1")
                .contains("Length: 1:23");
    }

    @Test
    void germanProfileGetsGermanMail() {
        RenderedMail mail =
                templates.render(MailKind.VIDEO_READY, Locale.GERMAN, model(MailKind.VIDEO_READY), "Strand");

        assertThat(mail.subject()).isEqualTo("Ihr Video „Strand“ ist fertig");
        assertThat(mail.html()).contains("Jetzt ansehen").contains("Länge: 1:23");
    }

    @Test
    void aLanguageWithoutItsOwnBundleFallsBackToEnglishNotToTheServersLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMAN);
        try {
            RenderedMail mail =
                    templates.render(MailKind.VIDEO_READY, Locale.FRENCH, model(MailKind.VIDEO_READY), "Plage");
            assertThat(mail.subject()).isEqualTo("Your video “Plage” is ready");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aTitleIsTextInTheHtmlBodyNeverMarkup() {
        Map<String, Object> model = model(MailKind.VIDEO_READY);
        model.put("title", "<script>alert(1)</script><b>x</b>");

        RenderedMail mail = templates.render(MailKind.VIDEO_READY, Locale.ENGLISH, model, "t");

        assertThat(mail.html()).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void failedMailSaysWhatToDoDependingOnWhetherItIsRetried() {
        Map<String, Object> model = model(MailKind.VIDEO_FAILED);
        String finalFailure = templates
                .render(MailKind.VIDEO_FAILED, Locale.ENGLISH, model, "t")
                .text();
        model.put("retryable", true);
        String retried = templates
                .render(MailKind.VIDEO_FAILED, Locale.ENGLISH, model, "t")
                .text();

        assertThat(finalFailure)
                .contains("What went wrong: The file has no video or audio stream we can read.")
                .contains("upload it again")
                .contains("Error code: INPUT_UNREADABLE");
        assertThat(retried).contains("we try again by ourselves");
    }

    @Test
    void everyLanguageHasEveryMessage() throws IOException {
        Properties english = bundle("email/messages.properties");
        for (String language : dev.vodflow.notification.profile.EmailProfiles.LOCALES) {
            if (!language.equals("en")) {
                assertThat(bundle("email/messages_" + language + ".properties").keySet())
                        .as(language)
                        .containsExactlyInAnyOrderElementsOf(english.keySet());
            }
        }
    }

    private static Properties bundle(String path) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MailTemplatesTests.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            properties.load(in);
        }
        return properties;
    }
}
