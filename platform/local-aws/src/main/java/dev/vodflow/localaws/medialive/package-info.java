/** A MediaLive stand-in: RTMP ingest checked against each input's stream key, FFmpeg cutting low-latency HLS into S3 in one or two epoch-locked pipelines. */
package dev.vodflow.localaws.medialive;
