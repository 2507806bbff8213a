package dev.vodflow.devstack;

import dev.vodflow.devstack.gateway.LocalGatewayApplication;
import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalEnvironment;
import dev.vodflow.localaws.LocalWorld;
import dev.vodflow.localaws.VodflowService;
import dev.vodflow.localaws.cloudfront.CloudFrontEdge;
import dev.vodflow.localaws.ses.LocalSes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** Starts vodflow's local stack and keeps it up until Ctrl-C, then stops every part of it. */
public final class DevStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);

    static final String GATEWAY_URL = "http://localhost:8080";
    /** The audience the local issuer puts in every token and the services require (vodflow.security.audience). */
    static final String API_AUDIENCE = "vodflow-api";
    /** The gateway and the services take connections from this machine only. */
    static final String LISTEN_ADDRESS = "127.0.0.1";

    static final int CDN_PORT = 8090;
    static final String CDN_URL = "http://localhost:" + CDN_PORT;
    private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(4);

    /** The services, each its own Spring Boot application and database (the one list, in local-aws). */
    static final List<VodflowService> SERVICES = VodflowService.ALL;

    /** Where encoders (OBS, ffmpeg) publish: RTMP's usual port, so their settings survive a restart. */
    static final int RTMP_PORT = 1935;
    /** Where SRT encoders publish (UDP), the stream key as streamid; fixed for the same reason. */
    static final int SRT_PORT = 9710;

    /** Where the second instance of a service listens, when the stack runs two of each: its usual port plus this. */
    static final int SECOND_INSTANCE_OFFSET = 100;

    private final List<AutoCloseable> running;
    private final Path data;
    private final List<ServiceProcess> services = new ArrayList<>();
    private LocalWorld world;

    private DevStack(List<AutoCloseable> running, Path data) {
        this.running = running;
        this.data = data;
    }

    public static void main(String[] args) throws Exception {
        DevStackSettings settings = DevStackSettings.from(System.getenv(), System::getProperty);
        CountDownLatch stopped = new CountDownLatch(1);
        List<AutoCloseable> running = new ArrayList<>();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            new DevStack(running, settings.dataDirectory().toAbsolutePath()).close();
                            stopped.countDown();
                        },
                        "devstack-stop"));
        start(settings, Path.of("").toAbsolutePath(), running);
        stopped.await();
    }

    /**
     * Starts the whole stack from the service jars under {@code repository}; what is started is added to
     * {@code running} as it starts, so a failure part-way (or Ctrl-C) still stops it.
     */
    static DevStack start(DevStackSettings settings, Path repository, List<AutoCloseable> running) throws Exception {
        return start(settings, repository, running, Map.of());
    }

    /**
     * @param serviceProperties per service name, properties set on top of its application.yml (tests shorten
     *     lifetimes and intervals this way)
     */
    static DevStack start(
            DevStackSettings settings,
            Path repository,
            List<AutoCloseable> running,
            Map<String, Map<String, String>> serviceProperties)
            throws Exception {
        return start(settings, repository, running, serviceProperties, 1);
    }

    /**
     * @param instances how many JVMs of each service (1 or 2): a second one listens on its port plus
     *     {@link #SECOND_INSTANCE_OFFSET}, with the same database and consumer group, as production scales out (the
     *     gateway routes to the first; a client may spread its calls over both)
     */
    static DevStack start(
            DevStackSettings settings,
            Path repository,
            List<AutoCloseable> running,
            Map<String, Map<String, String>> serviceProperties,
            int instances)
            throws Exception {
        if (instances < 1 || instances > 2) {
            throw new IllegalArgumentException("1 or 2 instances of each service, not " + instances);
        }
        Path data = settings.dataDirectory().toAbsolutePath();
        Files.createDirectories(data);
        PortCheck.requireFree(fixedPorts(settings, instances), Map.of(SRT_PORT, "SRT ingest"));
        long started = System.nanoTime();
        DevStack stack = new DevStack(running, data);
        try {
            // The infrastructure, then the emulators and SES in parallel; the stack's parts on their usual ports.
            LocalWorld world = LocalWorld.start(LocalWorld.Settings.of(new LocalEnvironment.Settings(
                            data,
                            settings.postgresUrl(),
                            settings.postgresUser(),
                            settings.postgresPassword(),
                            settings.kafkaPort(),
                            settings.s3Port(),
                            settings.sqsPort(),
                            Duration.ofSeconds(30),
                            List.of(GATEWAY_URL)))
                    .withStatusUpdateInterval(Duration.ofSeconds(2))
                    .withRtmpPort(RTMP_PORT)
                    .withSrtPort(SRT_PORT)
                    .withSesPort(DevMail.SES_PORT));
            running.add(world);
            stack.world = world;
            world.startAll();
            LocalEnvironment environment = world.environment();

            DevKeys keys = DevKeys.loadOrCreate(data.resolve("keys"));
            String stackId = stackId(data);
            CloudFrontEdge edge = world.startCloudFrontEdge(
                    CDN_PORT, Map.of(DevKeys.KEY_PAIR_ID, keys.publicKey()), Set.of(GATEWAY_URL));
            running.add(edge);
            // Zipkin, the services and the gateway start together (each service in its own JVM); the stack waits for
            // all of them at the end: none of them needs another to be up to start.
            ZipkinServer zipkin = ZipkinServer.start(repository, data.resolve("logs"));
            running.add(zipkin);

            for (VodflowService service : SERVICES) {
                Path jar = repository.resolve(service.name() + "/target/" + service.name() + "-0.1.0-SNAPSHOT.jar");
                List<String> arguments = new ArrayList<>(arguments(service, stackId, world, keys));
                if (service.equals(VodflowService.NOTIFICATION)) {
                    DevMail.notificationProperties(world, data)
                            .forEach((name, value) -> arguments.add("--" + name + "=" + value));
                }
                serviceProperties
                        .getOrDefault(service.name(), Map.of())
                        .forEach((name, value) -> arguments.add("--" + name + "=" + value));
                for (int instance = 1; instance <= instances; instance++) {
                    ServiceProcess process = ServiceProcess.start(
                            instance == 1 ? service.name() : service.name() + "-" + instance,
                            jar,
                            service.port() + (instance - 1) * SECOND_INSTANCE_OFFSET,
                            arguments,
                            data.resolve("logs"),
                            instance == 1);
                    stack.services.add(process);
                    running.add(process);
                }
            }
            ConfigurableApplicationContext gateway = new SpringApplicationBuilder(LocalGatewayApplication.class)
                    .properties(
                            "spring.config.name=gateway",
                            "server.address=" + LISTEN_ADDRESS,
                            "vodflow.gateway.audience=" + API_AUDIENCE)
                    .run();
            running.add(gateway::close);

            zipkin.awaitUp();
            // two JVMs of each service start on the same cores: as long again
            awaitHealthy(stack.services, started, HEALTHY_WITHIN.multipliedBy(instances));

            Path endpoints = writeEndpoints(
                    data,
                    environment,
                    stackId,
                    world.ses(),
                    world.mediaConvert().endpoint());
            log.info("{}", StackFootprint.measure());
            if (ServiceProcess.withoutArchive(
                    ManagementFactory.getRuntimeMXBean().getInputArguments())) {
                log.info("the stack's own JVM: {}", FIRST_START_OF_BUILD);
            }
            log.info(
                    "vodflow is up in {} s: open {}  (endpoints for scripts: {}; service logs: {})",
                    Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                    GATEWAY_URL,
                    endpoints,
                    data.resolve("logs"));
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    /**
     * This data directory's id, made on its first run. The services' databases are named with it: a PostgreSQL
     * server outlives a data directory (the machine's own server), and a fresh data directory, whose Kafka topics
     * and S3 bucket are empty, must not meet the projections of an earlier one.
     */
    static String stackId(Path data) throws IOException {
        Path file = data.resolve("stack-id");
        if (!Files.exists(file)) {
            Files.writeString(
                    file, UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        }
        String id = Files.readString(file).trim();
        if (!id.matches("[a-z0-9]{1,20}")) {
            throw new IllegalStateException(
                    file + " must hold 1 to 20 lower-case letters and digits, holds '" + id + "'");
        }
        return id;
    }

    /** The local world the stack runs in: its Kafka, SQS and emulators, for tests that take parts of it down. */
    LocalWorld world() {
        return world;
    }

    /** The services' processes, in start order; with two instances, each service's first then its second. */
    List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    /** The TCP ports the stack listens on, each with what listens there. */
    static Map<Integer, String> fixedPorts(DevStackSettings settings, int instances) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(settings.kafkaPort(), "Kafka");
        ports.put(settings.s3Port(), "S3");
        ports.put(settings.sqsPort(), "SQS");
        ports.put(URI.create(GATEWAY_URL).getPort(), "gateway");
        ports.put(CDN_PORT, "CloudFront edge");
        ports.put(RTMP_PORT, "RTMP ingest");
        ports.put(DevMail.SES_PORT, "SES mailbox");
        ports.put(ZipkinServer.PORT, "Zipkin");
        for (VodflowService service : SERVICES) {
            for (int instance = 1; instance <= instances; instance++) {
                ports.put(service.port() + (instance - 1) * SECOND_INSTANCE_OFFSET, service.name());
            }
        }
        return ports;
    }

    /** Stops the services (in parallel), then the gateway, the edge and the infrastructure; data is kept. */
    @Override
    public void close() {
        if (running.isEmpty()) {
            return;
        }
        log.info("Stopping the vodflow stack; data stays in {}", data);
        List<AutoCloseable> reversed = new ArrayList<>(running);
        Collections.reverse(reversed);
        reversed.parallelStream().filter(ServiceProcess.class::isInstance).forEach(DevStack::closeQuietly);
        reversed.stream().filter(c -> !(c instanceof ServiceProcess)).forEach(DevStack::closeQuietly);
        running.clear();
    }

    /**
     * What a service needs to find the local world (its connection properties, from {@link LocalWorld}) and the
     * stack's gateway, Zipkin and CDN; everything else is in its own application.yml.
     */
    static List<String> arguments(VodflowService service, String stackId, LocalWorld world, DevKeys keys) {
        List<String> arguments = new ArrayList<>(LocalWorld.asArguments(
                world.serviceProperties(() -> world.environment().postgres().jdbcUrl(service.databaseOf(stackId)))));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.address", LISTEN_ADDRESS);
        // every span to the stack's Zipkin: one upload is one trace across the services
        properties.put("management.tracing.export.zipkin.enabled", "true");
        properties.put("management.tracing.export.zipkin.endpoint", ZipkinServer.SPANS_ENDPOINT);
        properties.put("vodflow.security.issuer", GATEWAY_URL);
        properties.put("vodflow.security.audience", API_AUDIENCE);
        properties.put("vodflow.security.jwk-set-uri", GATEWAY_URL + "/oauth2/jwks");
        if (service.equals(VodflowService.UPLOAD)) {
            // Objects dropped into the watch folder (aws s3 cp ... s3://vodflow-media/input/) show up in alice's list,
            // and files from 8 MB up go through the page as parallel multipart uploads.
            properties.put("vodflow.upload.watch-folder-owner", "alice");
            properties.put("vodflow.upload.multipart-threshold", "8MB");
            properties.put("vodflow.upload.part-size", "5MB");
        }
        if (service.equals(VodflowService.NOTIFICATION)) {
            // Webhook receivers on this machine, for trying webhooks out locally.
            properties.put("vodflow.notification.egress.allow-http-hosts", "localhost");
        }
        if (service.equals(VodflowService.PLAYBACK)) {
            properties.put("vodflow.playback.cdn-base-url", CDN_URL);
            properties.put("vodflow.playback.cookie.secure", "false");
            properties.put("vodflow.playback.signing.active-key-id", DevKeys.KEY_PAIR_ID);
            properties.put("vodflow.playback.signing.keys[0].id", DevKeys.KEY_PAIR_ID);
            properties.put(
                    "vodflow.playback.signing.keys[0].private-key-file",
                    keys.privateKeyFile().toString());
        }
        properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return arguments;
    }

    /**
     * Said of a JVM that runs without a class data sharing archive of its jar ({@link ServiceProcess#withoutArchive};
     * the stack's own JVM by the same test of its options, as {@code ./devstack} sets them): why the first start after
     * a build is slower than the next.
     */
    static final String FIRST_START_OF_BUILD = "first start of this build: no class data sharing archive yet; one is"
            + " recorded when the stack stops, and the next start loads its classes from it";

    /** Waits for every service's health to be UP, logging how long each took (where start-up time goes). */
    private static void awaitHealthy(List<ServiceProcess> services, long started, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(services);
        while (!waiting.isEmpty()) {
            waiting.removeIf(service -> {
                boolean healthy = service.healthy();
                if (healthy) {
                    log.info(
                            "{} is healthy, {} s after the stack's start, having used {} CPU-seconds{}",
                            service.name(),
                            String.format("%.1f", (System.nanoTime() - started) / 1e9),
                            String.format("%.1f", service.cpuTime().toMillis() / 1e3),
                            service.withoutArchive() ? " (" + FIRST_START_OF_BUILD + ")" : "");
                }
                return healthy;
            });
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not healthy after " + within.toMinutes() + " min: "
                        + waiting.stream()
                                .map(s -> s.name() + " (log " + s.log() + ")")
                                .toList());
            }
            Thread.sleep(250);
        }
    }

    private static void closeQuietly(AutoCloseable component) {
        try {
            component.close();
        } catch (Exception e) {
            log.warn("{} did not stop cleanly", component, e);
        }
    }

    static Path writeEndpoints(Path data, LocalEnvironment environment, String stackId, LocalSes ses, URI mediaConvert)
            throws IOException {
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
        endpoints.put("gatewayUrl", GATEWAY_URL);
        endpoints.put("issuerUrl", GATEWAY_URL);
        endpoints.put("tokenUrl", GATEWAY_URL + "/oauth2/token");
        endpoints.put("cdnUrl", CDN_URL);
        endpoints.put("s3", s3);
        endpoints.put("sqs", sqs);
        // The MediaConvert emulator's API (ListJobs, GetJob): where scripts and the benchmark read a job's timing.
        endpoints.put("mediaconvert", Map.of("endpoint", mediaConvert.toString()));
        endpoints.put("kafka", Map.of("bootstrapServers", environment.kafkaBootstrapServers()));
        endpoints.put("ingest", Map.of("rtmp", "rtmp://127.0.0.1:" + RTMP_PORT, "srt", "srt://127.0.0.1:" + SRT_PORT));
        Map<String, Object> databases = new LinkedHashMap<>();
        for (VodflowService service : SERVICES) {
            databases.put(service.name(), environment.postgres().jdbcUrl(service.databaseOf(stackId)));
        }
        endpoints.put(
                "postgres",
                Map.of(
                        "user", environment.postgres().user(),
                        "source", environment.postgres().source().name(),
                        "databases", databases));
        Map<String, Object> services = new LinkedHashMap<>();
        for (VodflowService service : SERVICES) {
            services.put(service.name(), "http://localhost:" + service.port());
        }
        endpoints.put("services", services);
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (VodflowService service : SERVICES) {
            metrics.put(service.name(), "http://localhost:" + service.port() + "/actuator/prometheus");
        }
        endpoints.put("metrics", metrics);
        endpoints.put("ses", DevMail.endpoints(ses, environment));
        endpoints.put(
                "zipkin",
                Map.of(
                        "url", ZipkinServer.URL,
                        "traceApi", ZipkinServer.URL + "/api/v2/trace/{traceId}",
                        "spansEndpoint", ZipkinServer.SPANS_ENDPOINT));

        Path file = data.resolve("endpoints.json");
        Files.writeString(
                file,
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(endpoints));
        return file;
    }
}
