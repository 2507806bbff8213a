/** Turns video.uploaded into MediaConvert jobs and publishes transcode events. */
package dev.vodflow.transcode;
