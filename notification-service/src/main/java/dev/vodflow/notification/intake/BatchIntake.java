package dev.vodflow.notification.intake;

import dev.vodflow.messaging.BatchMessages;
import dev.vodflow.messaging.EventCodec;
import dev.vodflow.messaging.TransientFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * What the {@code videoEvents} binding (batch mode) receives: a poll's records, taken in as one batch by
 * {@link EventIntake}. One bad record never stops the others: when a record cannot be decoded, or names another owner
 * of its video, or fails for a reason of its own, the records before it are committed and the error handler is told
 * its index; the handler dead-letters that record alone (at once, or after bounded retries) and hands the ones after
 * it in again. While the database is unavailable nothing of the batch is committed and the handler retries it from
 * its first record, without limit and without dead-lettering (platform/messaging's retry policies).
 */
@Component
class BatchIntake {

    private final EventCodec codec;
    private final EventIntake intake;
    private final List<TransientFailure> outages;

    BatchIntake(EventCodec codec, EventIntake intake, ObjectProvider<TransientFailure> outages) {
        this.codec = codec;
        this.intake = intake;
        this.outages = outages.orderedStream().toList();
    }

    void accept(Message<List<byte[]>> batch) {
        List<EventIntake.Received> events = new ArrayList<>();
        RuntimeException undecodable = null;
        for (Message<byte[]> record : BatchMessages.split(batch)) {
            try {
                events.add(new EventIntake.Received(codec.decode(record), traceParent(record)));
            } catch (RuntimeException e) {
                undecodable = e; // take in the events before it, then report it
                break;
            }
        }
        EventIntake.Outcome outcome;
        try {
            outcome = intake.accept(events);
        } catch (RuntimeException e) {
            if (isOutage(e)) {
                throw new BatchListenerFailedException("database unavailable, nothing of this batch taken in", e, 0);
            }
            outcome = oneByOne(events);
        }
        if (outcome.refused() != null) {
            throw failed(outcome.applied(), outcome.refused());
        }
        if (undecodable != null) {
            throw failed(events.size(), undecodable);
        }
    }

    /** A failure of the batch's transaction does not say which event caused it: each on its own finds it. */
    private EventIntake.Outcome oneByOne(List<EventIntake.Received> events) {
        for (int i = 0; i < events.size(); i++) {
            EventIntake.Outcome single;
            try {
                single = intake.accept(List.of(events.get(i)));
            } catch (RuntimeException e) {
                throw failed(i, e);
            }
            if (single.refused() != null) {
                return new EventIntake.Outcome(i, single.refused());
            }
        }
        return new EventIntake.Outcome(events.size(), null);
    }

    private boolean isOutage(Throwable failure) {
        return outages.stream().anyMatch(outage -> outage.matches(failure));
    }

    /** The trace the event was published in: its deliveries' attempts continue it. */
    private static String traceParent(Message<byte[]> record) {
        Object value = record.getHeaders().get("traceparent");
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }

    private static BatchListenerFailedException failed(int index, RuntimeException cause) {
        return new BatchListenerFailedException(String.valueOf(cause.getMessage()), cause, index);
    }
}
