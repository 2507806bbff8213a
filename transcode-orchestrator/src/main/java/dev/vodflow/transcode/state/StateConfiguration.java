package dev.vodflow.transcode.state;

import dev.vodflow.observability.SqsMessageAge;
import dev.vodflow.observability.TraceCarrier;
import dev.vodflow.transcode.AwsProperties;
import dev.vodflow.transcode.events.TranscodeEvents;
import dev.vodflow.transcode.job.DeletedVideos;
import dev.vodflow.transcode.job.JobStatus;
import dev.vodflow.transcode.job.JobSubmitter;
import dev.vodflow.transcode.job.MediaConvertJobs;
import dev.vodflow.transcode.job.TranscodeJobs;
import dev.vodflow.transcode.job.TranscodeProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class StateConfiguration {

    @Bean
    StateApplier stateApplier(
            TranscodeJobs jobs,
            TranscodeEvents events,
            S3Client s3,
            AwsProperties aws,
            TranscodeProperties settings,
            DeletedVideos deleted,
            TransactionTemplate tx,
            Clock clock,
            MeterRegistry meters) {
        CompletionReport completion = new CompletionReport(
                s3,
                aws.s3().bucket(),
                settings.activeTemplate().thumbnails().interval().toMillis());
        return new StateApplier(
                jobs,
                events,
                completion,
                new ErrorCodes(settings.serviceFaultCodes()),
                settings.maxAttempts(),
                deleted,
                tx,
                clock,
                new TranscodeSpeed(meters));
    }

    @Bean
    JobEventsListener jobEventsListener(
            SqsClient sqs,
            AwsProperties aws,
            StateApplier applier,
            JobSubmitter submitter,
            JsonMapper json,
            TranscodeProperties settings,
            ObservationRegistry observations,
            ObjectProvider<TraceCarrier> traces,
            SqsMessageAge age) {
        return new JobEventsListener(
                sqs,
                aws.sqs().mediaconvertEventsQueueUrl(),
                applier,
                submitter,
                json,
                settings.jobEvents(),
                new JobEventsListener.Observed(observations, traces.getIfAvailable(), age));
    }

    @Bean
    Reconciler reconciler(
            TranscodeJobs jobs,
            MediaConvertJobs mediaConvert,
            StateApplier applier,
            JobSubmitter submitter,
            TranscodeProperties settings,
            Clock clock) {
        return new Reconciler(jobs, mediaConvert, applier, submitter, settings.reconcile(), clock);
    }

    @Bean
    JobsByState jobsByState(TranscodeJobs jobs, MeterRegistry meters) {
        return new JobsByState(jobs, meters);
    }

    /** Gauges of attempts per state, refreshed from the database so every instance reports the same truth. */
    static class JobsByState {

        private final TranscodeJobs jobs;
        private final Map<JobStatus, AtomicLong> counts = new EnumMap<>(JobStatus.class);

        JobsByState(TranscodeJobs jobs, MeterRegistry meters) {
            this.jobs = jobs;
            for (JobStatus status : JobStatus.values()) {
                AtomicLong count = new AtomicLong();
                counts.put(status, count);
                // vodflow_transcode_jobs{state} in Prometheus, the name deploy/'s alert rules and dashboard use
                Gauge.builder("vodflow.transcode.jobs", count, AtomicLong::get)
                        .description("Transcode job attempts by state")
                        .tag("state", status.name())
                        .register(meters);
            }
        }

        @Scheduled(fixedDelayString = "${vodflow.transcode.metrics-refresh:15s}")
        void refresh() {
            Map<JobStatus, Long> fresh = new EnumMap<>(JobStatus.class);
            jobs.countByStatus().forEach(c -> fresh.put(c.status(), c.jobs()));
            counts.forEach((status, count) -> count.set(fresh.getOrDefault(status, 0L)));
        }
    }
}
