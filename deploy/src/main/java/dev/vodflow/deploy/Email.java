package dev.vodflow.deploy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.ses.ConfigurationSet;
import software.amazon.awscdk.services.ses.ConfigurationSetTlsPolicy;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.EmailSendingEvent;
import software.amazon.awscdk.services.ses.EventDestination;
import software.amazon.awscdk.services.ses.Identity;
import software.amazon.awscdk.services.ses.SuppressionReasons;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * notification-service's e-mail through Amazon SES v2: the sending domain's identity, a configuration set whose event
 * destination publishes bounces and complaints to an SNS topic, and the SQS queue that topic delivers to (with a
 * dead-letter queue), which the service reads to suppress those addresses. Also the key of its unsubscribe links.
 */
final class Email extends Construct {

    /** The events that suppress an address; deliveries and opens are not the service's business. */
    static final List<EmailSendingEvent> FEEDBACK_EVENTS =
            List.of(EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT);

    /** The sender's local part; the domain is the {@code EmailDomain} parameter. */
    static final String SENDER_LOCAL_PART = "no-reply";

    /** @param domain the domain mail is sent from, verified in SES by the DKIM records this stack outputs */
    record Props(String domain) {}

    private final EmailIdentity identity;
    private final ConfigurationSet configurationSet;
    private final Topic feedbackTopic;
    private final Queue feedback;
    private final Queue feedbackDeadLetters;
    private final Secret unsubscribeKey;
    private final String domain;

    Email(Construct scope, String id, Props props) {
        super(scope, id);
        domain = props.domain();
        configurationSet = ConfigurationSet.Builder.create(this, "Sending")
                .tlsPolicy(ConfigurationSetTlsPolicy.REQUIRE)
                .reputationMetrics(true)
                // the account-level list too, besides the service's own suppression of what it hears here
                .suppressionReasons(SuppressionReasons.BOUNCES_AND_COMPLAINTS)
                .build();
        identity = EmailIdentity.Builder.create(this, "Domain")
                .identity(Identity.domain(domain))
                .configurationSet(configurationSet)
                .build();

        // SES publishes to an encrypted topic only with a key whose policy admits it; AWS's managed SNS key does not.
        Key key = Key.Builder.create(this, "FeedbackKey")
                .description("vodflow SES bounce and complaint notifications")
                .enableKeyRotation(true)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("SesPublishesFeedback")
                .principals(List.of(new ServicePrincipal("ses.amazonaws.com")))
                .actions(List.of("kms:GenerateDataKey*", "kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        feedbackTopic = Topic.Builder.create(this, "Feedback")
                .displayName("vodflow SES bounces and complaints")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        configurationSet.addEventDestination(
                "BouncesAndComplaints",
                software.amazon.awscdk.services.ses.ConfigurationSetEventDestinationOptions.builder()
                        .destination(EventDestination.snsTopic(feedbackTopic))
                        .events(FEEDBACK_EVENTS)
                        .build());

        feedbackDeadLetters = Queue.Builder.create(this, "FeedbackDlq")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        feedback = Queue.Builder.create(this, "FeedbackQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(feedbackDeadLetters)
                        .maxReceiveCount(PipelineQueues.MAX_RECEIVE_COUNT)
                        .build())
                .build();
        // SNS-wrapped (not raw), as the service parses it; the subscription's queue policy admits this topic only.
        feedbackTopic.addSubscription(new SqsSubscription(feedback));

        unsubscribeKey = Secret.Builder.create(this, "UnsubscribeKey")
                .description("HMAC key of the unsubscribe links in vodflow's mails; replacing it voids sent links")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64)
                        .excludePunctuation(true)
                        .build())
                .build();
    }

    /** {@code vodflow <no-reply@domain>}. */
    String sender() {
        return Fn.join("", List.of("vodflow <", SENDER_LOCAL_PART, "@", domain, ">"));
    }

    String configurationSetArn() {
        return Fn.sub(
                "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${Name}",
                Map.of("Name", configurationSet.getConfigurationSetName()));
    }

    /** Send as the domain, through the configuration set: SES checks both resources on every SendEmail. */
    PolicyStatement sendStatement() {
        return PolicyStatement.Builder.create()
                .sid("SendMailAsTheDomainThroughTheConfigurationSet")
                .actions(List.of("ses:SendEmail"))
                .resources(List.of(identity.getEmailIdentityArn(), configurationSetArn()))
                .build();
    }

    /** Read and delete what SNS delivered; nothing else on the queue. */
    PolicyStatement readFeedbackStatement() {
        return PolicyStatement.Builder.create()
                .sid("ReadBouncesAndComplaints")
                .actions(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage"))
                .resources(List.of(feedback.getQueueArn()))
                .build();
    }

    EmailIdentity identity() {
        return identity;
    }

    ConfigurationSet configurationSet() {
        return configurationSet;
    }

    Topic feedbackTopic() {
        return feedbackTopic;
    }

    Queue feedback() {
        return feedback;
    }

    Queue feedbackDeadLetters() {
        return feedbackDeadLetters;
    }

    Secret unsubscribeKey() {
        return unsubscribeKey;
    }
}
