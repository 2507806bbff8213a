/** Publishing live.started, live.ended and live.recorded as CloudEvents on Kafka, keyed by the broadcast's video id. */
package dev.vodflow.live.events;
