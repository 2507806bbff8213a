package dev.vodflow.devstack;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** Starts vodflow's local stack and keeps it up until Ctrl-C, then stops every part of it. */
public final class DevStack {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);

    private DevStack() {}

    public static void main(String[] args) throws Exception {
        DevStackSettings settings = DevStackSettings.from(System.getenv(), System::getProperty);
        Path data = settings.dataDirectory().toAbsolutePath();
        Files.createDirectories(data);
        long started = System.nanoTime();
        LocalEnvironment environment = LocalEnvironment.start(new LocalEnvironment.Settings(
                data,
                settings.postgresUrl(),
                settings.postgresUser(),
                settings.postgresPassword(),
                settings.kafkaPort(),
                settings.s3Port(),
                settings.sqsPort(),
                Duration.ofSeconds(30),
                List.of()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("Stopping the vodflow stack; data stays in {}", data);
                            environment.close();
                            stopped.countDown();
                        },
                        "devstack-stop"));
        Path endpoints = writeEndpoints(data, environment);
        log.info(
                "vodflow stack healthy in {} s; endpoints in {}",
                Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                endpoints);
        stopped.await();
    }

    static Path writeEndpoints(Path data, LocalEnvironment environment) throws IOException {
        Map<String, Object> s3 = new LinkedHashMap<>();
        s3.put("endpoint", environment.s3Endpoint().toString());
        s3.put("region", LocalAws.REGION);
        s3.put("accessKeyId", LocalAws.ACCESS_KEY_ID);
        s3.put("secretAccessKey", LocalAws.SECRET_ACCESS_KEY);
        s3.put("bucket", LocalEnvironment.BUCKET);
        s3.put("watchFolder", "s3://" + LocalEnvironment.BUCKET + "/" + LocalEnvironment.INPUT_PREFIX);

        Map<String, Object> queues = new LinkedHashMap<>();
        for (String queue : List.of(
                LocalEnvironment.S3_EVENTS_QUEUE,
                LocalEnvironment.S3_EVENTS_QUEUE + "-dlq",
                LocalEnvironment.MEDIACONVERT_EVENTS_QUEUE,
                LocalEnvironment.MEDIACONVERT_EVENTS_QUEUE + "-dlq")) {
            queues.put(queue, environment.sqs().queueUrl(queue));
        }
        Map<String, Object> sqs = new LinkedHashMap<>();
        sqs.put("endpoint", environment.sqsEndpoint().toString());
        sqs.put("queues", queues);

        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put("s3", s3);
        endpoints.put("sqs", sqs);
        endpoints.put("kafka", Map.of("bootstrapServers", environment.kafkaBootstrapServers()));
        endpoints.put(
                "postgres",
                Map.of(
                        "url", environment.postgres().jdbcUrl("postgres"),
                        "user", environment.postgres().user(),
                        "source", environment.postgres().source().name()));

        Path file = data.resolve("endpoints.json");
        Files.writeString(
                file,
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(endpoints));
        return file;
    }
}
