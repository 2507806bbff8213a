package dev.vodflow.transcode.job;

import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUploaded;
import dev.vodflow.messaging.EventCodec;
import dev.vodflow.messaging.TransientFailure;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The Spring Cloud Stream bindings of {@code video.uploaded} and {@code video.deleted} (destinations and group in
 * application.yml): each record is decoded by the shared codec and handed to {@link Intake} or {@link Deletions};
 * the offset is committed afterwards. A record that fails for a transient reason (breaker open, MediaConvert or the
 * database away, see {@link Transience}) is never acknowledged and is retried without limit; any other failure gets
 * bounded retries and then {@code <topic>.transcode-orchestrator.dlt}, so one bad record never stops the partition.
 */
@Configuration(proxyBeanMethods = false)
class JobBindings {

    @Bean
    Consumer<Message<byte[]>> videoUploaded(EventCodec codec, Intake intake) {
        return message -> intake.accept(codec.decode(message, VideoUploaded.class));
    }

    @Bean
    Consumer<Message<byte[]>> videoDeleted(EventCodec codec, Deletions deletions) {
        return message -> deletions.accept(codec.decode(message, VideoDeleted.class));
    }

    /** What the orchestrator waits out besides the database and the broker: MediaConvert, S3, an open breaker. */
    @Bean
    TransientFailure transcodeOutages() {
        return Transience::isTransient;
    }
}
