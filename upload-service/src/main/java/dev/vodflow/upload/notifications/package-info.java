/**
 * The watch folder: S3 notifications read from SQS, the cheap media check, and {@code video.uploaded}
 * published before a notification is acknowledged.
 */
package dev.vodflow.upload.notifications;
