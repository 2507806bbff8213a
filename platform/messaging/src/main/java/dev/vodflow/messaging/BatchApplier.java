package dev.vodflow.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionOperations;

/**
 * What a batch-mode binding does with a poll's records, whatever the service makes of them: decode them in order,
 * hand the events to the service's {@code apply} as one batch, and tell the error handler which record failed. One bad
 * record never stops the others:
 *
 * <ul>
 *   <li>a record that cannot be decoded: the events before it are applied, and its index is reported;
 *   <li>an event {@code apply} refuses ({@link Outcome#failure}): the events before it are committed by {@code apply},
 *       and its index is reported;
 *   <li>{@code apply} throws: while the database (or whatever a {@link TransientFailure} bean names) is unavailable,
 *       nothing of the batch was committed and the handler retries it from its first record; otherwise the events are
 *       applied one at a time, each committed on its own, to find the one that fails.
 * </ul>
 *
 * The error handler ({@link RetryPolicies}) retries a reported record a bounded number of times, or at once
 * dead-letters an {@link UnprocessableEvent}, and hands the records after it in again.
 */
public final class BatchApplier {

    /**
     * How far a batch got: its first {@code applied} events are applied (or were duplicates) and committed;
     * {@code failure}, when not null, is why the next one never can be.
     */
    public record Outcome(int applied, RuntimeException failure) {

        public static Outcome all(List<?> events) {
            return new Outcome(events.size(), null);
        }
    }

    /** The first event of a batch that can never be applied, by its index in the batch, and why. */
    public record Refusal(int index, RuntimeException reason) {}

    private final List<TransientFailure> outages;

    BatchApplier(List<TransientFailure> outages) {
        this.outages = List.copyOf(outages);
    }

    /**
     * @param decode one record's event; throws for a record that cannot be read
     * @param apply applies events in order and commits them, up to the first it refuses; throws, committing nothing,
     *     when the batch's transaction fails
     */
    public <E> void accept(
            Message<List<byte[]>> batch, Function<Message<byte[]>, E> decode, Function<List<E>, Outcome> apply) {
        List<E> events = new ArrayList<>();
        RuntimeException undecodable = null;
        for (Message<byte[]> record : BatchMessages.split(batch)) {
            try {
                events.add(decode.apply(record));
            } catch (RuntimeException e) {
                undecodable = e; // apply the events before it, then report it
                break;
            }
        }
        Outcome outcome;
        try {
            outcome = apply.apply(events);
        } catch (RuntimeException e) {
            if (isOutage(e)) {
                throw new BatchListenerFailedException("database unavailable, nothing of this batch applied", e, 0);
            }
            outcome = oneByOne(events, apply);
        }
        if (outcome.failure() != null) {
            throw failed(outcome.applied(), outcome.failure());
        }
        if (undecodable != null) {
            throw failed(events.size(), undecodable);
        }
    }

    /**
     * Writes {@code events} in one transaction of {@code transactions}, up to the first that {@code write} refuses:
     * then that transaction is rolled back (what {@code write} did for the refused event and the ones after it must
     * not stay) and the events before it are written again on their own and committed. A database failure is thrown,
     * with nothing of the batch committed.
     *
     * @param write writes a batch in the caller's transaction and returns its first refused event, or null
     * @return how many events are committed, and why the next one was refused
     */
    public static <E> Outcome untilRefused(
            TransactionOperations transactions, List<E> events, Function<List<E>, Refusal> write) {
        List<E> batch = events;
        RuntimeException refused = null;
        while (!batch.isEmpty()) { // nothing to write needs no transaction
            List<E> attempt = batch;
            Refusal refusal = transactions.execute(status -> {
                Refusal found = write.apply(attempt);
                if (found != null) {
                    status.setRollbackOnly();
                }
                return found;
            });
            if (refusal == null) {
                return new Outcome(batch.size(), refused);
            }
            refused = refusal.reason();
            batch = batch.subList(0, refusal.index());
        }
        return new Outcome(0, refused);
    }

    /** A failure of the batch's transaction does not say which event caused it: each on its own finds it. */
    private <E> Outcome oneByOne(List<E> events, Function<List<E>, Outcome> apply) {
        for (int i = 0; i < events.size(); i++) {
            Outcome single;
            try {
                single = apply.apply(List.of(events.get(i)));
            } catch (RuntimeException e) {
                return new Outcome(i, e);
            }
            if (single.failure() != null) {
                return new Outcome(i, single.failure());
            }
        }
        return Outcome.all(events);
    }

    private boolean isOutage(Throwable failure) {
        return outages.stream().anyMatch(outage -> outage.matches(failure));
    }

    private static BatchListenerFailedException failed(int index, RuntimeException cause) {
        return new BatchListenerFailedException(String.valueOf(cause.getMessage()), cause, index);
    }
}
