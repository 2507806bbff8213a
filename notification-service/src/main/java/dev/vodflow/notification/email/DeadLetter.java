package dev.vodflow.notification.email;

import java.time.Instant;

/**
 * One record found on a dead-letter topic.
 *
 * @param originalTopic from the {@code x-original-topic} header when the writer set one
 * @param cause the {@code kafka_dlt-exception-message} header (or the binder DLQ's {@code x-exception-message}), or a note that none came
 * @param writtenAt the record's timestamp: when it was dead-lettered
 */
record DeadLetter(String topic, String originalTopic, int partition, long offset, String cause, Instant writtenAt) {}
