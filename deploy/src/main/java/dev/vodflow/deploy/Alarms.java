package dev.vodflow.deploy;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.Alias;
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
        topic = Topic.Builder.create(this, "Topic")
                .displayName("vodflow alarms")
                .masterKey(Alias.fromAliasName(this, "SnsKey", "alias/aws/sns"))
                .enforceSsl(true)
                .build();
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
