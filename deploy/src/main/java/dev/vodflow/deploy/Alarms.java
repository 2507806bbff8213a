package dev.vodflow.deploy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * CloudWatch alarms for what Prometheus cannot see: a message in any SQS dead-letter queue means an S3 notification,
 * a MediaConvert state change or a feedback event that no service could handle. Alarms go to one encrypted SNS topic
 * that operators subscribe to.
 */
final class Alarms extends Construct {

    private final Topic topic;

    Alarms(Construct scope, String id) {
        super(scope, id);
        // CloudWatch can publish to an encrypted topic only with a key whose policy admits it; AWS's managed SNS key
        // cannot be given such a statement, so alarms on a topic under it would never arrive.
        Key key = Key.Builder.create(this, "TopicKey")
                .description("vodflow alarm notifications")
                .enableKeyRotation(true)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchPublishesAlarms")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:GenerateDataKey*", "kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        topic = Topic.Builder.create(this, "Topic")
                .displayName("vodflow alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
    }

    /**
     * Alarms when {@code statistic} of a MediaLive metric (published with {@code dimensions}), over every channel and
     * pipeline (channels are made at run
     * time, so no alarm can name one), exceeds {@code threshold} for two minutes in a row. A CloudWatch Metrics
     * Insights query: the first channel live-service makes is covered without a deploy.
     */
    Alarm liveEncoding(
            String id, String metric, String dimensions, String statistic, double threshold, String description) {
        // SCHEMA matches only the metrics published with exactly these dimensions: name the metric's own set
        MathExpression query = MathExpression.Builder.create()
                .expression(
                        "SELECT " + statistic + "(" + metric + ") FROM SCHEMA(\"AWS/MediaLive\", " + dimensions + ")")
                .usingMetrics(Map.of())
                .period(Duration.minutes(1))
                .label("MediaLive " + metric)
                .build();
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(query)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(2)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
        return alarm;
    }

    /** Alarms as soon as one message sits in {@code deadLetters}. */
    Alarm deadLettersNotEmpty(String id, Queue deadLetters) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription("A message reached the dead-letter queue " + id
                        + ": inspect it, fix the cause, then redrive it to its source queue")
                .metric(deadLetters
                        .metricApproximateNumberOfMessagesVisible()
                        .with(software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                                .period(Duration.minutes(1))
                                .statistic("Maximum")
                                .build()))
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
        return alarm;
    }

    void deadLettersNotEmpty(List<Queue> queues, String prefix) {
        for (int i = 0; i < queues.size(); i++) {
            deadLettersNotEmpty(prefix + queues.get(i).getNode().getId(), queues.get(i));
        }
    }

    Topic topic() {
        return topic;
    }
}
