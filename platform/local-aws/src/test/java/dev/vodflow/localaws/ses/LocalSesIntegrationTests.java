package dev.vodflow.localaws.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalSqs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real SES v2 SDK client against the stand-in: what it sends arrives over SMTP; faults look like SES's. */
class LocalSesIntegrationTests {

    private static LocalSqs sqs;
    private static String feedbackQueue;
    private static LocalSes ses;
    private static SesV2Client client;

    @BeforeAll
    static void start() {
        sqs = LocalSqs.start(0);
        feedbackQueue = sqs.createQueue("ses-feedback", Map.of());
        ses = LocalSes.start(LocalSes.Config.ephemeral().withFeedbackQueue(sqs.endpoint(), feedbackQueue));
        client = SesV2Client.builder()
                .endpointOverride(ses.endpoint())
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        ses.close();
        sqs.close();
    }

    @BeforeEach
    void emptyMailbox() {
        ses.clearMailbox();
    }

    private static SendEmailRequest mail(String to) {
        return SendEmailRequest.builder()
                .fromEmailAddress("vodflow <no-reply@vodflow.test>")
                .destination(d -> d.toAddresses(to))
                .content(c -> c.simple(m -> m.subject(
                                s -> s.data("Ready: Beach walk ☀").charset("UTF-8"))
                        .body(b -> b.text(t -> t.data("Your video is ready.").charset("UTF-8"))
                                .html(h -> h.data("<p>Your video is <b>ready</b>.</p>")
                                        .charset("UTF-8")))
                        .headers(h -> h.name("List-Unsubscribe").value("<https://vodflow.test/u?t=abc>"))))
                .emailTags(t -> t.name("kind").value("video-ready"))
                .build();
    }

    @Test
    void sentMailArrivesInTheMailboxWithBothBodiesAndItsHeaders() {
        String messageId = client.sendEmail(mail("alice@example.com")).messageId();

        List<ReceivedMail> mailbox = ses.mailbox();
        assertThat(mailbox).hasSize(1);
        ReceivedMail received = mailbox.get(0);
        assertThat(received.messageId()).isEqualTo(messageId);
        assertThat(received.from()).isEqualTo("no-reply@vodflow.test");
        assertThat(received.to()).containsExactly("alice@example.com");
        assertThat(received.subject()).isEqualTo("Ready: Beach walk ☀");
        assertThat(received.text()).contains("Your video is ready.");
        assertThat(received.html()).contains("<b>ready</b>");
        assertThat(received.headers()).containsEntry("List-Unsubscribe", "<https://vodflow.test/u?t=abc>");
    }

    @Test
    void throttlingAndServerErrorsReachTheSdkAsSesWouldSendThem() {
        ses.failNext(1, SesFault.THROTTLING);
        ses.failNext(1, SesFault.SERVER_ERROR);

        assertThatThrownBy(() -> client.sendEmail(mail("bob@example.com")))
                .isInstanceOf(TooManyRequestsException.class);
        assertThatThrownBy(() -> client.sendEmail(mail("bob@example.com")))
                .isInstanceOfSatisfying(
                        SesV2Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(ses.mailbox()).isEmpty();

        client.sendEmail(mail("bob@example.com"));
        assertThat(ses.mailbox()).hasSize(1);
    }

    @Test
    void simulatorBouncePostsAnSnsWrappedSesEventToTheFeedbackQueue() {
        String messageId = client.sendEmail(mail(SimulatorFeedback.BOUNCE)).messageId();

        List<Message> messages = sqs.client()
                .receiveMessage(r -> r.queueUrl(feedbackQueue).waitTimeSeconds(5))
                .messages();
        assertThat(messages).hasSize(1);
        JsonMapper json = JsonMapper.builder().build();
        JsonNode envelope = json.readTree(messages.get(0).body());
        assertThat(envelope.path("Type").asString()).isEqualTo("Notification");
        JsonNode event = json.readTree(envelope.path("Message").asString());
        assertThat(event.path("eventType").asString()).isEqualTo("Bounce");
        assertThat(event.path("bounce").path("bounceType").asString()).isEqualTo("Permanent");
        assertThat(event.path("bounce")
                        .path("bouncedRecipients")
                        .get(0)
                        .path("emailAddress")
                        .asString())
                .isEqualTo(SimulatorFeedback.BOUNCE);
        assertThat(event.path("mail").path("messageId").asString()).isEqualTo(messageId);
        assertThat(ses.mailbox()).isEmpty();
    }

    @Test
    void mailboxIsListedAsJsonAndAsAPage() throws Exception {
        String messageId = client.sendEmail(mail("carol@example.com")).messageId();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> json = http.send(
                HttpRequest.newBuilder(URI.create(ses.endpoint() + "/mailbox")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(ses.endpoint() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> body = http.send(
                HttpRequest.newBuilder(URI.create(ses.endpoint() + "/mailbox/" + messageId + "/html"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(json.body()).contains(messageId).contains("carol@example.com");
        assertThat(page.body()).contains("Ready: Beach walk ☀").contains("/mailbox/" + messageId + "/html");
        assertThat(body.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(body.body()).contains("<b>ready</b>");
    }
}
