/** The upload-service: presigned uploads, S3 notifications through SQS, video.uploaded. */
package dev.vodflow.upload;
