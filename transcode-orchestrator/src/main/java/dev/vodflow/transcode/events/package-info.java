/** Publishing the orchestrator's events (transcode.progress, .completed, .failed) to Kafka. */
package dev.vodflow.transcode.events;
