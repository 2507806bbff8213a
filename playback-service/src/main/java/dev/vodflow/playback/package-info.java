/** Entitlement and signed CloudFront cookies for one video's files. */
package dev.vodflow.playback;
