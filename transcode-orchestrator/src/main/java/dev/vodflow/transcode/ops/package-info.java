/** The operators' API: a video's transcode attempts and a retry for failed videos. */
package dev.vodflow.transcode.ops;
