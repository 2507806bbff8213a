/** Kafka bindings that feed the playback projection from {@code transcode.completed}, {@code video.updated}, {@code video.deleted}. */
package dev.vodflow.playback.events;
