/** Channels: create, stream keys, start and stop, the IDLE, LIVE and ENDED states, and the REST API. */
package dev.vodflow.live.channel;
