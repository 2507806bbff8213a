/** Publishing live.started, live.ended and live.recorded as CloudEvents on Kafka, keyed by channel id. */
package dev.vodflow.live.events;
