package dev.vodflow.notification.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param historyPerOwner how many recent events per owner are kept for {@code Last-Event-ID} resume
 * @param pollInterval how often new events are picked up from the database and pushed to open streams
 * @param heartbeat how often an idle stream gets a comment line, so proxies do not cut it
 * @param timeout how long one stream stays open; the browser then reconnects with its Last-Event-ID
 */
@ConfigurationProperties("vodflow.notification.stream")
public record StreamProperties(Integer historyPerOwner, Duration pollInterval, Duration heartbeat, Duration timeout) {

    public StreamProperties {
        historyPerOwner = historyPerOwner == null ? 200 : historyPerOwner;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        heartbeat = heartbeat == null ? Duration.ofSeconds(15) : heartbeat;
        timeout = timeout == null ? Duration.ofMinutes(30) : timeout;
        if (historyPerOwner < 1) {
            throw new IllegalArgumentException(
                    "vodflow.notification.stream.history-per-owner must be at least 1, was " + historyPerOwner);
        }
        for (Duration d : new Duration[] {pollInterval, heartbeat, timeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(
                        "vodflow.notification.stream poll-interval, heartbeat and timeout must be positive, was " + d);
            }
        }
    }
}
