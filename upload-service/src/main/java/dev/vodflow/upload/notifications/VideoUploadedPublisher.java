package dev.vodflow.upload.notifications;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VideoUploaded;
import dev.vodflow.upload.UploadProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes {@code video.uploaded} and waits for the broker's acknowledgement (acks=all, idempotent
 * producer), so the caller may acknowledge the notification only once the event is durable.
 */
@Component
class VideoUploadedPublisher {

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final Duration timeout;
    private final String source;

    VideoUploadedPublisher(
            KafkaTemplate<String, String> kafka,
            JsonMapper json,
            UploadProperties settings,
            @Value("${spring.application.name}") String serviceName) {
        this.kafka = kafka;
        this.json = json;
        this.timeout = settings.notifications().publishTimeout();
        this.source = "/vodflow/" + serviceName;
    }

    void publish(VideoUploaded event) {
        ProducerRecord<String, String> record =
                new ProducerRecord<>(Topics.VIDEO_UPLOADED, event.videoId(), json.writeValueAsString(event));
        CloudEventEnvelope.of(event, source).toHeaders().forEach((name, value) -> record.headers()
                .add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            kafka.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(event, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishFailedException(event, e.getCause() == null ? e : e.getCause());
        }
    }

    /** Kafka did not acknowledge in time; the notification stays in SQS and comes back. */
    static class PublishFailedException extends RuntimeException {
        PublishFailedException(VideoUploaded event, Throwable cause) {
            super(
                    "video.uploaded " + event.eventId() + " for video " + event.videoId() + " was not acknowledged",
                    cause);
        }
    }
}
