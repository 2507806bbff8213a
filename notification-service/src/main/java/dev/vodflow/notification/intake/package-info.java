/** Takes in the video and transcode topics: each new event becomes deliveries and a stream entry, once. */
package dev.vodflow.notification.intake;
