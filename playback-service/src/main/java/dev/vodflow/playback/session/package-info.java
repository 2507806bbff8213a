/** Playback sessions: entitlement, then the manifest URL and CloudFront signed cookies scoped to one video. */
package dev.vodflow.playback.session;
