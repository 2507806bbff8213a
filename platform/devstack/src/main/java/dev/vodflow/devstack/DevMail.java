package dev.vodflow.devstack;

import dev.vodflow.localaws.LocalEnvironment;
import dev.vodflow.localaws.LocalWorld;
import dev.vodflow.localaws.ses.LocalSes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * E-mail in the dev stack: the local SES v2 stand-in (its mailbox page at {@link #MAILBOX_URL}), the feedback queue
 * its simulated bounces and complaints go to, and the settings that switch notification-service's e-mail on.
 */
final class DevMail {

    static final int SES_PORT = 8025;
    static final String MAILBOX_URL = "http://localhost:" + SES_PORT + "/";
    static final String FEEDBACK_QUEUE = LocalWorld.SES_FEEDBACK_QUEUE;
    static final String OPERATOR = "ops@vodflow.local";

    private DevMail() {}

    /** notification-service's e-mail settings: every link in a mail points at the gateway or the CDN. */
    static Map<String, String> notificationProperties(LocalWorld world, Path data) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        world.mailProperties().forEach((name, value) -> properties.put(name, value.get()));
        properties.put("vodflow.notification.email.enabled", "true");
        properties.put("vodflow.notification.email.from", "vodflow <no-reply@vodflow.local>");
        properties.put("vodflow.notification.email.operators", OPERATOR);
        properties.put("vodflow.notification.email.video-page-url", DevStack.GATEWAY_URL + "/?video={videoId}");
        properties.put("vodflow.notification.email.poster-base-url", DevStack.CDN_URL + "/");
        properties.put("vodflow.notification.email.unsubscribe-url", DevStack.GATEWAY_URL + "/api/email/unsubscribe");
        properties.put("vodflow.notification.email.unsubscribe-secret", secret(data));
        return properties;
    }

    static Map<String, Object> endpoints(LocalSes ses, LocalEnvironment environment) {
        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put("endpoint", ses.endpoint().toString());
        endpoints.put("mailbox", MAILBOX_URL);
        endpoints.put("mailboxJson", MAILBOX_URL + "mailbox");
        endpoints.put("smtpPort", ses.smtpPort());
        endpoints.put("feedbackQueue", environment.sqs().queueUrl(FEEDBACK_QUEUE));
        endpoints.put("operators", List.of(OPERATOR));
        return endpoints;
    }

    /** Kept in the data directory, so unsubscribe links in mail already sent keep working after a restart. */
    private static String secret(Path data) throws IOException {
        Path file = data.resolve("keys").resolve("email-unsubscribe-secret");
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Files.createDirectories(file.getParent());
            Files.writeString(file, HexFormat.of().formatHex(random));
        }
        return Files.readString(file).trim();
    }
}
