package dev.vodflow.transcode.job;

/**
 * The life of one attempt. MediaConvert's own states plus {@code PENDING} (row written, job not yet created)
 * and {@code FAILED} (the orchestrator gave up: source refused, or stuck past the hard limit).
 */
public enum JobStatus {
    PENDING(0),
    SUBMITTED(1),
    PROGRESSING(2),
    COMPLETE(3),
    ERROR(3),
    CANCELED(3),
    FAILED(3);

    private final int rank;

    JobStatus(int rank) {
        this.rank = rank;
    }

    public boolean terminal() {
        return rank == 3;
    }

    public boolean failed() {
        return this == ERROR || this == CANCELED || this == FAILED;
    }
}
