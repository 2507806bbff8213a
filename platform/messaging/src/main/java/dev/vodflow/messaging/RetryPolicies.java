package dev.vodflow.messaging;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.messaging.MessagingException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Gives every binding's listener container one error handler with two policies. A record failing because of an
 * outage ({@link TransientFailure}) is retried with a growing pause and no limit, never acknowledged and never
 * dead-lettered, so the consumer waits the outage out and loses nothing. Any other failure is retried a few times and
 * then published to {@code <topic>.<group>.dlt} (cause in the {@code kafka_dlt-exception-*} headers), and the
 * partition moves on; an {@link UnprocessableEvent} goes there at once. The binder's own retry and DLQ are off: they
 * know only one attempt count for every failure.
 */
final class RetryPolicies implements ListenerContainerWithDlqAndRetryCustomizer {

    private static final Logger log = LoggerFactory.getLogger(RetryPolicies.class);

    private final KafkaOperations<Object, Object> deadLetters;
    private final List<TransientFailure> outages;
    private final MessagingProperties settings;
    private final BatchInterceptor<Object, Object> batchInterceptor;

    /**
     * @param batchInterceptor what a batch binding runs over each poll's records before the listener (the per-record
     *     trace of platform/observability), or null
     */
    RetryPolicies(
            KafkaOperations<Object, Object> deadLetters,
            List<TransientFailure> outages,
            MessagingProperties settings,
            BatchInterceptor<Object, Object> batchInterceptor) {
        this.deadLetters = deadLetters;
        this.outages = List.copyOf(outages);
        this.settings = settings;
        this.batchInterceptor = batchInterceptor;
    }

    @Override
    public void configure(
            AbstractMessageListenerContainer<?, ?> container,
            String destinationName,
            String group,
            java.util.function.BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
            BackOff backOff) {
        container.setCommonErrorHandler(errorHandler(group));
        if (batchInterceptor != null) {
            @SuppressWarnings("unchecked")
            AbstractMessageListenerContainer<Object, Object> records =
                    (AbstractMessageListenerContainer<Object, Object>) container;
            records.setBatchInterceptor(batchInterceptor);
        }
    }

    @Override
    public boolean retryAndDlqInBinding(String destinationName, String group) {
        return false;
    }

    DefaultErrorHandler errorHandler(String group) {
        // Partition -1: the key picks the dead-letter partition, as it picked the original one.
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(
                deadLetters, (record, failure) -> new TopicPartition(DeadLetterTopics.of(record.topic(), group), -1));
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, failure) -> recover(publisher, record, failure),
                new FixedBackOff(settings.retryInterval().toMillis(), settings.attempts() - 1L));
        handler.addNotRetryableExceptions(UnprocessableEvent.class);
        ExponentialBackOff outage =
                new ExponentialBackOff(settings.outageInitialInterval().toMillis(), 2.0);
        outage.setMaxInterval(settings.outageMaxInterval().toMillis());
        handler.setBackOffFunction((record, failure) -> {
            if (isOutage(failure)) {
                log.warn(
                        "outage while applying {}-{}@{}, retrying until it is over: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        String.valueOf(unwrap(failure).getMessage()));
                return outage;
            }
            return null; // the bounded default
        });
        return handler;
    }

    private void recover(DeadLetterPublishingRecoverer publisher, ConsumerRecord<?, ?> record, Exception failure) {
        // The last guard: whatever the failure looked like, never dead-letter during an outage; the record is
        // delivered again instead.
        if (!(unwrap(failure) instanceof UnprocessableEvent) && isOutage(failure)) {
            throw new IllegalStateException("outage: not dead-lettering " + position(record), failure);
        }
        if (DeadLetterTopics.isDeadLetterTopic(record.topic())) {
            log.error("dead letter {} could not be handled and is skipped", position(record), failure);
            return;
        }
        Throwable cause = unwrap(failure);
        publisher.accept(record, cause instanceof Exception e ? e : failure);
    }

    boolean isOutage(Throwable failure) {
        return outages.stream().anyMatch(outage -> outage.matches(failure));
    }

    /** The binder wraps what the consumer threw; the dead-letter headers should say what it was. */
    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ListenerExecutionFailedException
                        || t instanceof MessagingException
                        || t instanceof BatchListenerFailedException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
