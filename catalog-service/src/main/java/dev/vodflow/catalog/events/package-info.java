/** Kafka plumbing: the CloudEvents codec, the publisher, retries and dead-lettering of bad records. */
package dev.vodflow.catalog.events;
