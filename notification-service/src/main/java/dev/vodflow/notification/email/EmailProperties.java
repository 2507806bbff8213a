package dev.vodflow.notification.email;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled whether mail is queued and sent at all
 * @param from the sender, an address (or domain) verified in SES, optionally with a display name
 * @param configurationSet the SES configuration set whose event destination publishes bounces and complaints;
 *     empty to send without one
 * @param operators who gets the operator mails (a webhook endpoint disabled, records on a dead-letter topic)
 * @param videoPageUrl the page of a video, {@code {videoId}} replaced
 * @param posterBaseUrl where a mail client can fetch a thumbnail: the event's object key is appended
 * @param unsubscribeUrl the public address of {@code /email/unsubscribe} (through the gateway)
 * @param unsubscribeSecret the HMAC key of unsubscribe tokens, at least 32 characters; rotating it voids old links
 * @param pollInterval how often due mail is claimed
 * @param lease how long a claimed mail is reserved; must exceed the SES call's timeout
 * @param maxAttempts attempts per mail before it is given up on
 * @param backoffInitial the wait after the first failed attempt; doubled after each further one, up to
 *     {@code backoffMax}, plus up to {@code jitter} of it at random
 * @param deadLetterMailInterval at most one operator mail per dead-letter topic in each such window
 * @param feedbackQueueUrl the SQS queue SNS delivers SES bounce and complaint events to; empty to not read one
 * @param feedbackWait the SQS long-poll wait (at most 20s)
 */
@ConfigurationProperties("vodflow.notification.email")
public record EmailProperties(
        Boolean enabled,
        String from,
        String configurationSet,
        List<String> operators,
        String videoPageUrl,
        URI posterBaseUrl,
        URI unsubscribeUrl,
        String unsubscribeSecret,
        Duration pollInterval,
        Duration lease,
        Integer maxAttempts,
        Duration backoffInitial,
        Duration backoffMax,
        Double jitter,
        Duration deadLetterMailInterval,
        URI feedbackQueueUrl,
        Duration feedbackWait) {

    private static final String PREFIX = "vodflow.notification.email.";

    public EmailProperties {
        enabled = enabled == null || enabled;
        operators = operators == null
                ? List.of()
                : operators.stream().map(String::trim).filter(a -> !a.isEmpty()).toList();
        // An empty environment variable binds as "", not as unset.
        posterBaseUrl = posterBaseUrl == null || posterBaseUrl.toString().isBlank() ? null : posterBaseUrl;
        feedbackQueueUrl =
                feedbackQueueUrl == null || feedbackQueueUrl.toString().isBlank() ? null : feedbackQueueUrl;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        maxAttempts = maxAttempts == null ? 8 : maxAttempts;
        backoffInitial = backoffInitial == null ? Duration.ofSeconds(10) : backoffInitial;
        backoffMax = backoffMax == null ? Duration.ofHours(1) : backoffMax;
        jitter = jitter == null ? 0.2 : jitter;
        deadLetterMailInterval = deadLetterMailInterval == null ? Duration.ofHours(1) : deadLetterMailInterval;
        feedbackWait = feedbackWait == null ? Duration.ofSeconds(20) : feedbackWait;
        if (enabled) {
            require(from != null && !from.isBlank(), "from", "is required (an SES-verified sender address)");
            require(
                    videoPageUrl != null && videoPageUrl.contains("{videoId}"),
                    "video-page-url",
                    "is required and must contain {videoId}");
            require(unsubscribeUrl != null, "unsubscribe-url", "is required (the public /email/unsubscribe URL)");
            require(
                    unsubscribeSecret != null && unsubscribeSecret.length() >= 32,
                    "unsubscribe-secret",
                    "must be at least 32 characters");
        }
        require(operators.stream().allMatch(a -> a.contains("@")), "operators", "must be e-mail addresses");
        require(positive(pollInterval), "poll-interval", "must be positive");
        require(positive(lease), "lease", "must be positive");
        require(maxAttempts >= 1, "max-attempts", "must be at least 1");
        require(positive(backoffInitial), "backoff-initial", "must be positive");
        require(backoffMax.compareTo(backoffInitial) >= 0, "backoff-max", "must be at least backoff-initial");
        require(jitter >= 0 && jitter <= 1, "jitter", "must be between 0 and 1");
        require(positive(deadLetterMailInterval), "dead-letter-mail-interval", "must be positive");
        require(
                positive(feedbackWait) && feedbackWait.toSeconds() <= 20,
                "feedback-wait",
                "must be between 1s and 20s (the SQS long-poll limit)");
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String setting, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(PREFIX + setting + " " + rule);
        }
    }
}
