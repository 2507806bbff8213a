package dev.vodflow.deploy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.notifications.SqsDestination;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The SQS queues that feed the pipeline: S3 upload notifications for upload-service and MediaConvert job state
 * changes for the orchestrator, each with a dead-letter queue that takes a message after the same number of receives
 * as the local stand-in ({@code LocalEnvironment.MAX_RECEIVE_COUNT}).
 */
final class PipelineQueues extends Construct {

    static final int MAX_RECEIVE_COUNT = 3;

    /** @param visibilityTimeout upload-service's {@code notifications.visibility-timeout} */
    record Props(Bucket media, Duration visibilityTimeout) {}

    private final Queue uploads;
    private final Queue uploadsDeadLetters;
    private final Queue jobEvents;
    private final Queue jobEventsDeadLetters;

    PipelineQueues(Construct scope, String id, Props props) {
        super(scope, id);
        uploadsDeadLetters = queue("UploadsDlq", Duration.days(14), null);
        uploads = queue("Uploads", Duration.days(4), uploadsDeadLetters, props.visibilityTimeout());
        jobEventsDeadLetters = queue("JobEventsDlq", Duration.days(14), null);
        jobEvents = queue("JobEvents", Duration.days(4), jobEventsDeadLetters, Duration.seconds(60));

        props.media()
                .addEventNotification(
                        EventType.OBJECT_CREATED,
                        new SqsDestination(uploads),
                        NotificationKeyFilter.builder()
                                .prefix(MediaBucket.INPUT_PREFIX)
                                .build());
        // SqsDestination admits S3 by the bucket's ARN only; bucket names are global and can be re-created in
        // another account, so the queue also denies S3 sends from any other account or bucket.
        denyS3Unless(uploads, "OnlyThisAccount", "StringNotEquals", "aws:SourceAccount", Aws.ACCOUNT_ID);
        denyS3Unless(
                uploads,
                "OnlyThisBucket",
                "ArnNotEquals",
                "aws:SourceArn",
                props.media().getBucketArn());
    }

    /** Separate statements, because the conditions of one statement must all hold for it to deny. */
    private static void denyS3Unless(Queue queue, String sid, String operator, String key, String value) {
        queue.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.DENY)
                .principals(List.of(new ServicePrincipal("s3.amazonaws.com")))
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queue.getQueueArn()))
                .conditions(Map.of(operator, Map.of(key, value)))
                .build());
    }

    private Queue queue(String id, Duration retention, Queue deadLetters) {
        return queue(id, retention, deadLetters, Duration.seconds(30));
    }

    private Queue queue(String id, Duration retention, Queue deadLetters, Duration visibilityTimeout) {
        Queue.Builder builder = Queue.Builder.create(this, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(retention)
                .visibilityTimeout(visibilityTimeout);
        if (deadLetters != null) {
            builder.deadLetterQueue(DeadLetterQueue.builder()
                    .queue(deadLetters)
                    .maxReceiveCount(MAX_RECEIVE_COUNT)
                    .build());
        }
        return builder.build();
    }

    Queue uploads() {
        return uploads;
    }

    Queue jobEvents() {
        return jobEvents;
    }

    /** Every dead-letter queue, for alarms. */
    List<Queue> deadLetterQueues() {
        return List.of(uploadsDeadLetters, jobEventsDeadLetters);
    }
}
