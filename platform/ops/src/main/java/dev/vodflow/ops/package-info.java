/**
 * The operator's Kafka tool, in every service for its own consumer group: list, inspect and re-drive the service's
 * dead-letter topics ({@code <topic>.<group>.dlt}) and replay the group from offset 0 or a time.
 */
package dev.vodflow.ops;
