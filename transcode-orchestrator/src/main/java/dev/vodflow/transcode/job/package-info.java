/** From video.uploaded to a created MediaConvert job: probing, the adapted ladder, CreateJob with resilience. */
package dev.vodflow.transcode.job;
