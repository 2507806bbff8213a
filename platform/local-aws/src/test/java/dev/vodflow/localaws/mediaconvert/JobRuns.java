package dev.vodflow.localaws.mediaconvert;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/** Submitting a job and waiting for its end, for the integration tests. */
final class JobRuns {

    private JobRuns() {}

    static Job runToEnd(EmulatorFixture fixture, CreateJobRequest request) {
        String id = fixture.client.createJob(request).job().id();
        return awaitEnd(fixture, id);
    }

    static Job awaitEnd(EmulatorFixture fixture, String id) {
        return await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> fixture.client.getJob(b -> b.id(id)).job(), JobRuns::ended);
    }

    static boolean ended(Job job) {
        return job.status() == JobStatus.COMPLETE
                || job.status() == JobStatus.ERROR
                || job.status() == JobStatus.CANCELED;
    }
}
