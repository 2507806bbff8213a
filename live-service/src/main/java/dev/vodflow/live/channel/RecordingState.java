package dev.vodflow.live.channel;

/** Where the last broadcast's recording is: none yet, awaited from the encoder, handed to the upload path, or lost. */
enum RecordingState {
    NONE,
    PENDING,
    STORED,
    MISSING
}
