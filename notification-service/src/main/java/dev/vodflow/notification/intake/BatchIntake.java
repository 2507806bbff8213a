package dev.vodflow.notification.intake;

import dev.vodflow.messaging.BatchApplier;
import dev.vodflow.messaging.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * What the {@code videoEvents} binding (batch mode) receives: a poll's records, taken in as one batch by
 * {@link EventIntake}. One bad record never stops the others: when a record cannot be decoded, or names another owner
 * of its video, or fails for a reason of its own, the records before it are committed and the error handler is told
 * its index; the handler dead-letters that record alone (at once, or after bounded retries) and hands the ones after
 * it in again. While the database is unavailable nothing of the batch is committed and the handler retries it from
 * its first record, without limit and without dead-lettering ({@link BatchApplier}, platform/messaging's retry
 * policies).
 */
@Component
class BatchIntake {

    private final BatchApplier applier;
    private final EventCodec codec;
    private final EventIntake intake;

    BatchIntake(BatchApplier applier, EventCodec codec, EventIntake intake) {
        this.applier = applier;
        this.codec = codec;
        this.intake = intake;
    }

    void accept(Message<List<byte[]>> batch) {
        applier.accept(
                batch, record -> new EventIntake.Received(codec.decode(record), traceParent(record)), intake::accept);
    }

    /** The trace the event was published in: its deliveries' attempts continue it. */
    private static String traceParent(Message<byte[]> record) {
        Object value = record.getHeaders().get("traceparent");
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }
}
