/** MediaConvert job state: the EventBridge events from SQS, the reconciler, and the events they publish. */
package dev.vodflow.transcode.state;
