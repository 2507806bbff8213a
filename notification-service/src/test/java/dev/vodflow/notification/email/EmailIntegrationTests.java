package dev.vodflow.notification.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.localaws.ses.LocalSes;
import dev.vodflow.localaws.ses.ReceivedMail;
import dev.vodflow.localaws.ses.SesFault;
import dev.vodflow.testsupport.EventRecords;
import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.testsupport.TestJwts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service with e-mail on, against real Kafka, PostgreSQL, SQS and the local SES v2 stand-in, which delivers over
 * SMTP into GreenMail: the real SDK client sends, and the tests read what arrived in the mailbox.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vodflow.notification.email.enabled=true",
            "vodflow.notification.email.from=vodflow <no-reply@vodflow.test>",
            "vodflow.notification.email.operators=" + EmailIntegrationTests.OPERATOR,
            "vodflow.notification.email.video-page-url=https://vodflow.example/videos/{videoId}",
            "vodflow.notification.email.poster-base-url=https://cdn.vodflow.example/",
            "vodflow.notification.email.unsubscribe-url=https://vodflow.example/api/email/unsubscribe",
            "vodflow.notification.email.unsubscribe-secret=" + EmailFixtures.SECRET,
            "vodflow.notification.email.poll-interval=100ms",
            "vodflow.notification.email.backoff-initial=200ms",
            "vodflow.notification.email.backoff-max=1s",
            "vodflow.notification.email.max-attempts=4",
            "vodflow.notification.email.feedback-wait=1s",
            "vodflow.notification.egress.allow-http-hosts=localhost",
            "vodflow.notification.delivery.poll-interval=100ms",
            "spring.cloud.stream.kafka.bindings.deadLetters-in-0.consumer.configuration.metadata.max.age.ms=1000"
        })
class EmailIntegrationTests {

    static final String OPERATOR = "ops@vodflow.test";
    static final String DEAD_LETTER_GROUP = "notification-service-dead-letters";

    static KafkaProducer<String, byte[]> producer;
    static LocalSes ses;

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        LocalInfrastructure infra = LocalInfrastructure.get();
        infra.registerProperties(registry, "notify_email_it");
        ses = infra.ses();
        registry.add("vodflow.aws.ses.endpoint", () -> ses.endpoint().toString());
        registry.add(
                "vodflow.notification.email.feedback-queue-url",
                () -> infra.queueUrl(LocalInfrastructure.SES_FEEDBACK_QUEUE));
    }

    @BeforeAll
    static void start() {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
        Awaitility.setDefaultPollInterval(Duration.ofMillis(100));
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        LocalInfrastructure.get().kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
    }

    // --- the owner's mail ------------------------------------------------------------------------------------------

    @Test
    void readyMailReachesTheOwnerOnceWithTitlePosterAndLinkAlsoUnderReplay() {
        String owner = owner();
        String address = owner + "@example.com";
        setProfile(owner, Map.of("address", address));
        String video = UUID.randomUUID().toString();
        var completed = EmailFixtures.completed(owner, video);

        publish(EmailFixtures.uploaded(owner, video, "Beach walk <at dawn>"));
        publish(completed);

        ReceivedMail mail = awaitOneMail(address);
        assertThat(mail.from()).isEqualTo("no-reply@vodflow.test");
        assertThat(mail.subject()).isEqualTo("Your video “Beach walk <at dawn>” is ready");
        assertThat(mail.html())
                .contains("Beach walk &lt;at dawn&gt;")
                .contains("src=\"https://cdn.vodflow.example/output/" + video + "/thumbnails/t1.jpg\"")
                .contains("href=\"https://vodflow.example/videos/" + video + "\"")
                .contains("Length: 1:23");
        assertThat(mail.text()).contains("Watch it: https://vodflow.example/videos/" + video);
        assertThat(mail.headers().get("List-Unsubscribe"))
                .startsWith("<https://vodflow.example/api/email/unsubscribe?token=");
        assertThat(mail.headers()).containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");

        publish(completed); // a redelivery: same event id
        publish(EmailFixtures.completed(owner, video)); // a second transcode of the same video: same state
        // The same video's partition: once this failed-mail for it is queued, both earlier events were taken in.
        var failed = EmailFixtures.failed(owner, video, true);
        publish(failed);
        await().until(() -> mails(address).size() == 2);
        assertThat(mails(address))
                .extracting(ReceivedMail::subject)
                .containsExactlyInAnyOrder(
                        "Your video “Beach walk <at dawn>” is ready",
                        "Your video “Beach walk <at dawn>” could not be processed");
    }

    @Test
    void failedMailGivesTheReasonAndWhatToDoInTheOwnersLanguage() {
        String owner = owner();
        String address = owner + "@example.com";
        setProfile(owner, Map.of("address", address, "locale", "de"));
        String video = UUID.randomUUID().toString();

        publish(EmailFixtures.uploaded(owner, video, "Strand"));
        publish(EmailFixtures.failed(owner, video, false));

        ReceivedMail mail = awaitOneMail(address);
        assertThat(mail.subject()).isEqualTo("Ihr Video „Strand“ konnte nicht verarbeitet werden");
        assertThat(mail.text())
                .contains("Was schiefging: The file has no video or audio stream we can read.")
                .contains("laden Sie sie erneut hoch")
                .contains("Fehlercode: INPUT_UNREADABLE");
    }

    @Test
    void noAddressOrNoOptInMeansNoMail() {
        String withoutAddress = owner();
        String optedOut = owner();
        setProfile(optedOut, Map.of("address", optedOut + "@example.com", "videoMail", false));
        String video1 = UUID.randomUUID().toString();
        String video2 = UUID.randomUUID().toString();

        var first = EmailFixtures.completed(withoutAddress, video1);
        var second = EmailFixtures.completed(optedOut, video2);
        publish(first);
        publish(second);

        awaitTakenIn(first);
        awaitTakenIn(second);
        assertThat(queued(VideoMail.key(MailKind.VIDEO_READY, video1))).isNull();
        assertThat(queued(VideoMail.key(MailKind.VIDEO_READY, video2))).isNull();
    }

    // --- delivery ------------------------------------------------------------------------------------------------

    @Test
    void throttlingAndServerErrorsAreRetriedWithBackOffUntilSent() {
        String owner = owner();
        String address = owner + "@example.com";
        setProfile(owner, Map.of("address", address));
        String video = UUID.randomUUID().toString();
        ses.failNext(1, SesFault.THROTTLING);
        ses.failNext(1, SesFault.SERVER_ERROR);

        publish(EmailFixtures.completed(owner, video));

        awaitOneMail(address);
        // the mail reaches the mailbox before the outbox records it as sent
        String key = VideoMail.key(MailKind.VIDEO_READY, video);
        await().until(() -> queued(key) != null && "SENT".equals(queued(key).get("status")));
        assertThat(queued(key)).containsEntry("attempts", 3);
        assertThat(mails(address)).hasSize(1);
    }

    @Test
    void aMailSesRejectsIsNotRetried() {
        String owner = owner();
        String address = owner + "@example.com";
        setProfile(owner, Map.of("address", address));
        String video = UUID.randomUUID().toString();
        ses.failNext(1, SesFault.MESSAGE_REJECTED);

        publish(EmailFixtures.completed(owner, video));

        String key = VideoMail.key(MailKind.VIDEO_READY, video);
        await().until(() -> queued(key) != null && "FAILED".equals(queued(key).get("status")));
        assertThat(queued(key)).containsEntry("attempts", 1);
        assertThat((String) queued(key).get("last_error")).contains("400 MessageRejected");
        assertThat(mails(address)).isEmpty();
    }

    @Test
    void aPermanentBounceSuppressesTheAddressAndGarbageOnTheQueueDoesNotStopIt() {
        String owner = owner();
        String bouncing = "bounce@simulator.amazonses.com";
        setProfile(owner, Map.of("address", bouncing));
        LocalInfrastructure.get().sqs().sendMessage(r -> r.queueUrl(
                        LocalInfrastructure.get().queueUrl(LocalInfrastructure.SES_FEEDBACK_QUEUE))
                .messageBody("this is not SES feedback"));
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();

        publish(EmailFixtures.completed(owner, first));

        await().until(() -> jdbc.sql("SELECT count(*) FROM email_suppression WHERE address = ? AND reason = 'BOUNCE'")
                        .param(bouncing)
                        .query(Long.class)
                        .single()
                == 1);
        assertThat(queued(VideoMail.key(MailKind.VIDEO_READY, first))).containsEntry("status", "SENT");

        publish(EmailFixtures.failed(owner, second, false));

        String key = VideoMail.key(MailKind.VIDEO_FAILED, second);
        await().until(() ->
                queued(key) != null && "SUPPRESSED".equals(queued(key).get("status")));
    }

    // --- profile and unsubscribe ---------------------------------------------------------------------------------

    @Test
    void theUnsubscribeLinkWorksWithoutLoginAndOnlyOnPost() {
        String owner = owner();
        String address = owner + "@example.com";
        setProfile(owner, Map.of("address", address));
        publish(EmailFixtures.completed(owner, UUID.randomUUID().toString()));
        ReceivedMail mail = awaitOneMail(address);
        String link = mail.headers().get("List-Unsubscribe").replaceAll("^<|>$", "");
        URI local = URI.create("http://localhost:" + port + "/email/unsubscribe?"
                + URI.create(link).getRawQuery());
        RestClient anonymous = RestClient.create();

        ResponseEntity<String> page = anonymous.get().uri(local).retrieve().toEntity(String.class);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(page.getBody()).contains("<form method=\"post\"").contains("Stop e-mail about your videos?");
        assertThat(profile(owner).path("videoMail").asBoolean()).isTrue(); // a GET (a link scanner) changes nothing

        ResponseEntity<String> done = anonymous
                .post()
                .uri(local)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("List-Unsubscribe=One-Click")
                .retrieve()
                .toEntity(String.class);
        assertThat(done.getStatusCode().value()).isEqualTo(200);
        assertThat(done.getBody()).contains("you will get no more e-mail about your videos");
        assertThat(profile(owner).path("videoMail").asBoolean()).isFalse();

        var later = EmailFixtures.failed(owner, UUID.randomUUID().toString(), false);
        publish(later);
        awaitTakenIn(later);
        assertThat(queued(VideoMail.key(MailKind.VIDEO_FAILED, later.videoId())))
                .isNull();

        ResponseEntity<String> forged = anonymous
                .post()
                .uri("http://localhost:" + port + "/email/unsubscribe?token=" + "dXNlcjpib2I.AAAA")
                .retrieve()
                .onStatus(s -> true, (req, res) -> {})
                .toEntity(String.class);
        assertThat(forged.getStatusCode().value()).isEqualTo(400);
        assertThat(forged.getBody()).contains("not valid");
    }

    @Test
    void theProfileApiRefusesABadAddressNamingTheField() {
        String owner = owner();

        // a display name, and a NUL character (PostgreSQL stores no text with one)
        for (String address : List.of("Alice <alice@example.com>", "alice\u0000@example.com")) {
            ResponseEntity<String> refused = api(owner)
                    .put()
                    .uri("/profile/email")
                    .body(Map.of("address", address))
                    .retrieve()
                    .onStatus(s -> true, (req, res) -> {})
                    .toEntity(String.class);

            assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(400);
            assertThat(json.readTree(refused.getBody())
                            .path("errors")
                            .get(0)
                            .path("field")
                            .asString())
                    .isEqualTo("address");
        }
        JsonNode fresh = profile(owner);
        assertThat(fresh.path("address").isNull()).isTrue();
        assertThat(fresh.path("locale").asString()).isEqualTo("en");
        assertThat(api(owner)
                        .get()
                        .uri("/profile/email")
                        .header(HttpHeaders.AUTHORIZATION, "")
                        .retrieve()
                        .onStatus(s -> true, (req, res) -> {})
                        .toBodilessEntity()
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
    }

    // --- operators -----------------------------------------------------------------------------------------------

    @Test
    void operatorsAreToldWhenAWebhookEndpointIsDisabled() throws IOException {
        HttpServer gone = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gone.createContext("/", exchange -> {
            exchange.sendResponseHeaders(410, -1);
            exchange.close();
        });
        gone.start();
        try {
            String owner = owner();
            String url = "http://localhost:" + gone.getAddress().getPort() + "/hook-" + owner;
            ResponseEntity<String> registered = api(owner)
                    .post()
                    .uri("/webhooks")
                    .body(Map.of("url", url, "eventTypes", List.of(Topics.TRANSCODE_COMPLETED)))
                    .retrieve()
                    .toEntity(String.class);
            assertThat(registered.getStatusCode().value()).isEqualTo(201);

            publish(EmailFixtures.completed(owner, UUID.randomUUID().toString()));

            await().until(() ->
                    mails(OPERATOR).stream().anyMatch(m -> m.subject().contains(url)));
            ReceivedMail mail = mails(OPERATOR).stream()
                    .filter(m -> m.subject().contains(url))
                    .findFirst()
                    .orElseThrow();
            assertThat(mail.subject()).isEqualTo("[vodflow] Webhook endpoint disabled: " + url);
            assertThat(mail.text()).contains("Owner: " + owner).contains("410 Gone");
        } finally {
            gone.stop(0);
        }
    }

    @Test
    void recordsOnADeadLetterTopicMailTheOperatorsOncePerWindow() throws Exception {
        String topic = "video.uploaded.it-" + UUID.randomUUID().toString().substring(0, 8) + ".dlt";
        for (int i = 0; i < 2; i++) {
            // One partition, so that "both taken" is one committed offset.
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, 0, "video-" + i, "garbage".getBytes(StandardCharsets.UTF_8));
            record.headers().add("x-original-topic", "video.uploaded".getBytes(StandardCharsets.UTF_8));
            record.headers().add("x-exception-message", ("malformed body " + i).getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }

        await().until(() -> mails(OPERATOR).stream().anyMatch(m -> m.subject().contains(topic)));
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalInfrastructure.get().kafkaBootstrapServers()))) {
            await().until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(DEAD_LETTER_GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(new TopicPartition(topic, 0));
                return committed != null && committed.offset() == 2;
            });
        }
        List<ReceivedMail> about = mails(OPERATOR).stream()
                .filter(m -> m.subject().contains(topic))
                .toList();
        assertThat(about).hasSize(1);
        assertThat(about.get(0).text())
                .contains("Original topic: video.uploaded")
                .contains("Cause: malformed body 0")
                .contains("Position: partition 0, offset 0");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    static String owner() {
        return "owner-" + UUID.randomUUID();
    }

    RestClient api(String owner) {
        return RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.token(owner))
                .build();
    }

    void setProfile(String owner, Map<String, Object> fields) {
        ResponseEntity<String> response = api(owner)
                .put()
                .uri("/profile/email")
                .body(fields)
                .retrieve()
                .onStatus(s -> true, (req, res) -> {})
                .toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
    }

    JsonNode profile(String owner) {
        return api(owner).get().uri("/profile/email").retrieve().body(JsonNode.class);
    }

    void publish(VodflowEvent event) {
        ProducerRecord<String, byte[]> record = EventRecords.of(event);
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + event, e);
        }
    }

    void awaitTakenIn(VodflowEvent event) {
        await().until(() -> jdbc.sql("SELECT count(*) FROM processed_event WHERE event_id = ?")
                        .param(event.eventId())
                        .query(Long.class)
                        .single()
                == 1);
    }

    Map<String, Object> queued(String key) {
        return jdbc
                .sql("SELECT status, attempts, last_error FROM email_message WHERE dedup_key = ?")
                .param(key)
                .query()
                .listOfRows()
                .stream()
                .findFirst()
                .orElse(null);
    }

    static List<ReceivedMail> mails(String address) {
        return ses.mailbox().stream().filter(m -> m.to().contains(address)).toList();
    }

    static ReceivedMail awaitOneMail(String address) {
        await().until(() -> !mails(address).isEmpty());
        List<ReceivedMail> mails = mails(address);
        assertThat(mails).hasSize(1);
        return mails.get(0);
    }
}
