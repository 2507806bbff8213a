/** The adapter to AWS Elemental MediaLive (or its local emulator): inputs with the stream key, channels, their state. */
package dev.vodflow.live.encoder;
