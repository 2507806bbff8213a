package dev.vodflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.messaging.BatchApplier.Outcome;
import dev.vodflow.messaging.BatchApplier.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;

/** A poll's records in, one batch at a time; which record the error handler is told about, and what is kept. */
class BatchApplierTests {

    private final BatchApplier applier = new BatchApplier(List.of(new Outages()));

    /** What {@code apply} was handed, batch by batch, and what it kept (as a committed transaction would). */
    private final List<List<String>> calls = new ArrayList<>();

    private final List<String> committed = new ArrayList<>();

    @Test
    void aBatchIsAppliedWhole() {
        applier.accept(poll("a", "b", "c"), BatchApplierTests::decode, keepAll());

        assertThat(calls).containsExactly(List.of("a", "b", "c"));
        assertThat(committed).containsExactly("a", "b", "c");
    }

    @Test
    void theRecordsBeforeAnUnreadableOneAreAppliedAndItIsReported() {
        assertThatThrownBy(() -> applier.accept(poll("a", "b", "!", "d"), BatchApplierTests::decode, keepAll()))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(2);
                    assertThat(e).hasMessageContaining("cannot read");
                });
        assertThat(committed).containsExactly("a", "b");
    }

    @Test
    void aRefusedEventIsReportedAfterTheOnesBeforeItAreKept() {
        Function<List<String>, Outcome> refuseX = events -> {
            calls.add(events);
            int x = events.indexOf("x");
            List<String> kept = x < 0 ? events : events.subList(0, x);
            committed.addAll(kept);
            return new Outcome(kept.size(), x < 0 ? null : new IllegalArgumentException("x is refused"));
        };

        assertThatThrownBy(() -> applier.accept(poll("a", "x", "c"), BatchApplierTests::decode, refuseX))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex())
                        .isEqualTo(1));
        assertThat(committed).containsExactly("a");
    }

    @Test
    void aFailingBatchIsAppliedOneByOneToFindTheEventThatFails() {
        Function<List<String>, Outcome> failOnY = events -> {
            calls.add(events);
            if (events.contains("y")) {
                throw new IllegalStateException("y breaks the transaction");
            }
            committed.addAll(events);
            return Outcome.all(events);
        };

        assertThatThrownBy(() -> applier.accept(poll("a", "b", "y", "d"), BatchApplierTests::decode, failOnY))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(2);
                    assertThat(e).hasMessageContaining("y breaks");
                });
        assertThat(calls).containsExactly(List.of("a", "b", "y", "d"), List.of("a"), List.of("b"), List.of("y"));
        assertThat(committed).containsExactly("a", "b");
    }

    @Test
    void duringAnOutageNothingIsTriedOneByOneAndTheWholeBatchIsRetried() {
        Function<List<String>, Outcome> down = events -> {
            calls.add(events);
            throw new CannotGetJdbcConnectionException("database down");
        };

        assertThatThrownBy(() -> applier.accept(poll("a", "b"), BatchApplierTests::decode, down))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex())
                        .isEqualTo(0));
        assertThat(calls).containsExactly(List.of("a", "b"));
    }

    @Test
    void untilRefusedRollsBackAndWritesTheEventsBeforeTheRefusedOneAgain() {
        List<String> rolledBack = new ArrayList<>();
        TransactionOperations transactions = new TransactionOperations() {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                SimpleTransactionStatus status = new SimpleTransactionStatus();
                List<String> before = new ArrayList<>(committed);
                T result = action.doInTransaction(status);
                if (status.isRollbackOnly()) {
                    rolledBack.addAll(committed.subList(before.size(), committed.size()));
                    committed.retainAll(before);
                }
                return result;
            }
        };
        Function<List<String>, Refusal> write = events -> {
            calls.add(events);
            committed.addAll(events); // written before the check, as a batch of statements would be
            int x = events.indexOf("x");
            return x < 0 ? null : new Refusal(x, new IllegalArgumentException("x names another owner"));
        };

        Outcome outcome = BatchApplier.untilRefused(transactions, List.of("a", "b", "x", "d"), write);

        assertThat(outcome.applied()).isEqualTo(2);
        assertThat(outcome.failure()).hasMessage("x names another owner");
        assertThat(calls).containsExactly(List.of("a", "b", "x", "d"), List.of("a", "b"));
        assertThat(rolledBack).containsExactly("a", "b", "x", "d");
        assertThat(committed).containsExactly("a", "b");
    }

    private Function<List<String>, Outcome> keepAll() {
        return events -> {
            calls.add(events);
            committed.addAll(events);
            return Outcome.all(events);
        };
    }

    private static String decode(Message<byte[]> record) {
        String text = new String(record.getPayload(), StandardCharsets.UTF_8);
        if (text.equals("!")) {
            throw new IllegalArgumentException("cannot read record '" + text + "'");
        }
        return text;
    }

    private static Message<List<byte[]>> poll(String... payloads) {
        List<byte[]> records = new ArrayList<>();
        for (String payload : payloads) {
            records.add(payload.getBytes(StandardCharsets.UTF_8));
        }
        return MessageBuilder.withPayload(records).build();
    }
}
