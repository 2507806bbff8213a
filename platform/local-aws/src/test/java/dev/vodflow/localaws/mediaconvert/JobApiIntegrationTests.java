package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vodflow.localaws.LocalAws;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.BadRequestException;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.mediaconvert.model.ListJobsResponse;
import software.amazon.awssdk.services.mediaconvert.model.MediaConvertException;
import software.amazon.awssdk.services.mediaconvert.model.NotFoundException;
import software.amazon.awssdk.services.mediaconvert.model.Order;
import software.amazon.awssdk.services.mediaconvert.model.TooManyRequestsException;

class JobApiIntegrationTests {

    private final EmulatorFixture fixture = EmulatorFixture.get();

    @Test
    void sameClientRequestTokenReturnsTheOriginalJob() {
        String token = UUID.randomUUID().toString();
        CreateJobRequest request = smallJobWithToken("token", token);

        Job first = fixture.client.createJob(request).job();
        Job second = fixture.client.createJob(request).job();

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.clientRequestToken()).isEqualTo(token);
        assertThat(JobRuns.awaitEnd(fixture, first.id()).status()).isEqualTo(JobStatus.COMPLETE);
        long withToken = fixture.client.listJobsPaginator(b -> b.order(Order.DESCENDING)).jobs().stream()
                .filter(job -> token.equals(job.clientRequestToken()))
                .count();
        assertThat(withToken).isEqualTo(1);
    }

    @Test
    void aClientRequestTokenIsHonouredForOneMinuteOnly() {
        String token = UUID.randomUUID().toString();
        CreateJobRequest request = smallJobWithToken("token-window", token);

        Job first = fixture.client.createJob(request).job();
        fixture.clock.advance(Duration.ofSeconds(50));
        assertThat(fixture.client.createJob(request).job().id()).isEqualTo(first.id());

        fixture.clock.advance(Duration.ofSeconds(11));
        Job afterTheWindow = fixture.client.createJob(request).job();

        assertThat(afterTheWindow.id()).isNotEqualTo(first.id());
        assertThat(JobRuns.awaitEnd(fixture, first.id()).status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(JobRuns.awaitEnd(fixture, afterTheWindow.id()).status()).isEqualTo(JobStatus.COMPLETE);
    }

    private CreateJobRequest smallJobWithToken(String name, String token) {
        String input = fixture.upload("input/" + name + "/source.mp4", fixture.testClip("small.mp4", "320x240", 2));
        return JobTemplates.small(input, name, 160, 120).toBuilder()
                .clientRequestToken(token)
                .build();
    }

    @Test
    void cancelingARunningJobStopsItWithoutPublishingOutputs() {
        Path longClip = fixture.videoOnlyClip("long.mp4", "640x360", 30, 40);
        String input = fixture.upload("input/cancel/source.mp4", longClip);
        String id = fixture.client
                .createJob(JobTemplates.small(input, "cancel", 640, 360))
                .job()
                .id();
        await().atMost(Duration.ofMinutes(2))
                .until(() -> fixture.client.getJob(b -> b.id(id)).job().jobPercentComplete(), p -> p != null && p > 2);

        fixture.client.cancelJob(b -> b.id(id));

        Job canceled = fixture.client.getJob(b -> b.id(id)).job();
        assertThat(canceled.status()).isEqualTo(JobStatus.CANCELED);
        assertThatThrownBy(() -> fixture.client.cancelJob(b -> b.id(id)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("can no longer be canceled");
        // The single worker is free again once the killed FFmpeg is gone: a new job runs to the end.
        String next = fixture.upload("input/after-cancel/source.mp4", fixture.testClip("small.mp4", "320x240", 2));
        assertThat(JobRuns.runToEnd(fixture, JobTemplates.small(next, "after-cancel", 160, 120))
                        .status())
                .isEqualTo(JobStatus.COMPLETE);
        List<String> statuses = fixture.statuses(id);
        assertThat(statuses).first().isEqualTo("PROGRESSING");
        assertThat(statuses).last().isEqualTo("CANCELED");
        assertThat(statuses).doesNotContain("COMPLETE", "ERROR");
        assertThat(fixture.keys("output/cancel/")).isEmpty();
        assertThat(fixture.client.getJob(b -> b.id(id)).job().status()).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    void injectedThrottlingRefusesAShareOfCreateJobCalls() {
        MediaConvertClient noRetries = MediaConvertClient.builder()
                .endpointOverride(fixture.emulator.endpoint())
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build();
        // Settings that are refused after the throttle check, so no job is started by this test.
        CreateJobRequest invalid =
                CreateJobRequest.builder().role(JobTemplates.ROLE).build();
        try {
            fixture.emulator.throttleShare(1.0);
            assertThatThrownBy(() -> noRetries.createJob(invalid))
                    .isInstanceOf(TooManyRequestsException.class)
                    .satisfies(e ->
                            assertThat(((MediaConvertException) e).statusCode()).isEqualTo(429));

            fixture.emulator.throttleShare(0.5);
            int throttled = 0;
            int refused = 0;
            for (int i = 0; i < 80; i++) {
                try {
                    noRetries.createJob(invalid);
                } catch (TooManyRequestsException e) {
                    throttled++;
                } catch (BadRequestException e) {
                    refused++;
                }
            }
            assertThat(throttled + refused).isEqualTo(80);
            assertThat(throttled).isBetween(20, 60);
        } finally {
            fixture.emulator.throttleShare(0.0);
            noRetries.close();
        }
        assertThatThrownBy(() -> fixture.client.createJob(invalid))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("/settings: is required");
    }

    @Test
    void garbageIsRefusedWithBadRequestNamingTheField() throws Exception {
        assertThatThrownBy(() -> fixture.client.createJob(
                        JobTemplates.small("s3://vodflow-media/input/x.mp4", "bad", 320, 180).toBuilder()
                                .role(null)
                                .build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("/role: is required");
        assertThatThrownBy(() -> fixture.client.getJob(b -> b.id("1-nosuch"))).isInstanceOf(NotFoundException.class);

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(fixture.emulator.endpoint() + "/2017-08-29/jobs"))
                                .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("BadRequestException");
        assertThat(response.body()).startsWith("{\"message\":\"The request body is not valid JSON");
    }

    @Test
    void listJobsPagesNewestFirst() {
        String input = fixture.upload("input/list/source.mp4", fixture.testClip("small.mp4", "320x240", 2));
        String a = fixture.client
                .createJob(JobTemplates.small(input, "list-a", 160, 120))
                .job()
                .id();
        String b = fixture.client
                .createJob(JobTemplates.small(input, "list-b", 160, 120))
                .job()
                .id();
        JobRuns.awaitEnd(fixture, b);

        ListJobsResponse page = fixture.client.listJobs(r -> r.maxResults(1).order(Order.DESCENDING));
        assertThat(page.jobs()).hasSize(1);
        assertThat(page.jobs().get(0).id()).isEqualTo(b);
        assertThat(page.nextToken()).isNotNull();
        ListJobsResponse next = fixture.client.listJobs(r -> r.maxResults(1).nextToken(page.nextToken()));
        assertThat(next.jobs().get(0).id()).isEqualTo(a);
        assertThat(fixture.client.listJobs(r -> r.status(JobStatus.COMPLETE)).jobs())
                .extracting(Job::id)
                .contains(a, b);
    }
}
