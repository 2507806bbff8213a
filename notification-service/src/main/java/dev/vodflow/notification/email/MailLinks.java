package dev.vodflow.notification.email;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The absolute links a mail carries: they are read far from the site, so nothing may be relative. */
final class MailLinks {

    private final String videoPageUrl;
    private final String posterBaseUrl;
    private final UnsubscribeTokens tokens;

    MailLinks(String videoPageUrl, URI posterBaseUrl, UnsubscribeTokens tokens) {
        this.videoPageUrl = videoPageUrl;
        String base = posterBaseUrl == null ? null : posterBaseUrl.toString();
        this.posterBaseUrl = base != null && base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.tokens = tokens;
    }

    String video(String videoId) {
        return videoPageUrl.replace("{videoId}", URLEncoder.encode(videoId, StandardCharsets.UTF_8));
    }

    /** {@code null} when no poster base is configured: the mail then goes without a picture. */
    String poster(String objectKey) {
        if (posterBaseUrl == null || objectKey == null) {
            return null;
        }
        return posterBaseUrl + "/" + (objectKey.startsWith("/") ? objectKey.substring(1) : objectKey);
    }

    String unsubscribe(UnsubscribeTokens.Recipient recipient) {
        return tokens.link(recipient);
    }
}
