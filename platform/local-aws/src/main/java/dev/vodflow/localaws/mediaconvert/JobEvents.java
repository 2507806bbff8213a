package dev.vodflow.localaws.mediaconvert;

import dev.vodflow.localaws.Redelivery;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts "MediaConvert Job State Change" events, shaped as EventBridge delivers them to an SQS target, to the
 * configured queue. A FIFO queue gets the job id as message group, so one job's events stay in order there too.
 */
final class JobEvents {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

    /** Where serialized events go. */
    interface Sink {
        void send(String jobId, String eventId, String body);
    }

    private final Sink sink;
    private final String region;
    private final String accountId;
    private final JsonMapper json;

    JobEvents(Sink sink, String region, String accountId, JsonMapper json) {
        this.sink = sink;
        this.region = region;
        this.accountId = accountId;
        this.json = json;
    }

    /**
     * Sends to an SQS queue; a FIFO queue gets the job id as message group. An event the queue does not take is
     * offered again, in order, as EventBridge retries a target ({@code redelivery}).
     */
    static Sink sqs(SqsClient sqs, String queueUrl, Redelivery redelivery) {
        if (sqs == null || queueUrl == null) {
            return (jobId, eventId, body) -> {};
        }
        return (jobId, eventId, body) -> {
            SendMessageRequest.Builder request =
                    SendMessageRequest.builder().queueUrl(queueUrl).messageBody(body);
            if (queueUrl.endsWith(".fifo")) {
                request.messageGroupId(jobId).messageDeduplicationId(eventId);
            }
            SendMessageRequest message = request.build();
            redelivery.deliver("event " + eventId + " of job " + jobId, () -> sqs.sendMessage(message));
        };
    }

    /** Builds and sends one event; called while the job's lock is held, so events leave in state order. */
    void publish(Job job, String status, Instant now, ObjectNode extraDetail) {
        ObjectNode event = json.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "MediaConvert Job State Change");
        event.put("source", "aws.mediaconvert");
        event.put("account", accountId);
        event.put("time", now.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        event.putArray("resources").add(job.arn());
        ObjectNode detail = event.putObject("detail");
        detail.put("timestamp", now.toEpochMilli());
        detail.put("accountId", accountId);
        detail.put("queue", job.queueArn());
        detail.put("jobId", job.id());
        detail.put("status", status);
        ObjectNode metadata = detail.putObject("userMetadata");
        job.userMetadata().forEach(metadata::put);
        if (extraDetail != null) {
            detail.setAll(extraDetail);
        }
        try {
            sink.send(job.id(), event.path("id").asString(), json.writeValueAsString(event));
        } catch (RuntimeException e) {
            // EventBridge delivery is best effort from the job's point of view: the job itself goes on.
            log.warn("Could not post {} event of job {}: {}", status, job.id(), e.toString());
        }
    }

    ObjectNode detail() {
        return json.createObjectNode();
    }
}
