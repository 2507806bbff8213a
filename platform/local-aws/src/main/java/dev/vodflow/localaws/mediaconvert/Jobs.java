package dev.vodflow.localaws.mediaconvert;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/** The job API's rules: create (idempotent per client request token, optionally throttled), get, list, cancel. */
final class Jobs {

    /**
     * How long MediaConvert answers a repeated client request token with the job it created: about a minute, as
     * AWS documents. After that the same token creates another job, so a caller must not count on it for longer.
     */
    static final Duration TOKEN_WINDOW = Duration.ofMinutes(1);

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Set<String> INTERVALS = Set.of(
            "SECONDS_10",
            "SECONDS_12",
            "SECONDS_15",
            "SECONDS_20",
            "SECONDS_30",
            "SECONDS_60",
            "SECONDS_120",
            "SECONDS_180",
            "SECONDS_240",
            "SECONDS_300",
            "SECONDS_360",
            "SECONDS_420",
            "SECONDS_480",
            "SECONDS_540",
            "SECONDS_600");

    private final MediaConvertEmulator.Config config;
    private final JobEvents events;
    private final JobRunner runner;
    private final ExecutorService workers;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Job> byToken = new LinkedHashMap<>();
    private volatile double throttleShare;

    Jobs(MediaConvertEmulator.Config config, JobEvents events, JobRunner runner, ExecutorService workers, Clock clock) {
        this.config = config;
        this.events = events;
        this.runner = runner;
        this.workers = workers;
        this.clock = clock;
        this.throttleShare = config.throttleShare();
    }

    void throttleShare(double share) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("throttle share must be between 0.0 and 1.0, was " + share);
        }
        this.throttleShare = share;
    }

    Job create(JsonNode body) {
        if (throttleShare > 0 && ThreadLocalRandom.current().nextDouble() < throttleShare) {
            throw ApiException.tooManyRequests("Too Many Requests");
        }
        Fields request = Fields.root(body, "")
                .allowOnly(
                        "settings",
                        "role",
                        "queue",
                        "userMetadata",
                        "clientRequestToken",
                        "statusUpdateInterval",
                        "priority",
                        "tags",
                        "billingTagsSource",
                        "accelerationSettings",
                        "simulateReservedQueue",
                        "jobEngineVersion");
        String token = request.string("clientRequestToken");
        synchronized (byToken) {
            Job earlier = token == null ? null : byToken.get(token);
            if (earlier != null && clock.instant().isBefore(earlier.createdAt().plus(TOKEN_WINDOW))) {
                // Within the window MediaConvert answers a repeated token with the job the first request created.
                return earlier;
            }
            Job job = newJob(request, body, token);
            jobs.put(job.id(), job);
            if (token != null) {
                byToken.put(token, job);
            }
            workers.execute(() -> runner.run(job));
            return job;
        }
    }

    private Job newJob(Fields request, JsonNode body, String token) {
        String role = request.requiredString("role");
        request.integer("priority", -50, 50);
        request.oneOf("billingTagsSource", "JOB", "QUEUE", "PRESET", "JOB_TEMPLATE", "JOB");
        request.oneOf("simulateReservedQueue", "DISABLED", "DISABLED");
        Fields acceleration = request.object("accelerationSettings");
        if (acceleration != null) {
            acceleration.allowOnly("mode");
            acceleration.oneOf("mode", "DISABLED", "DISABLED");
        }
        String interval = request.string("statusUpdateInterval");
        if (interval != null && !INTERVALS.contains(interval)) {
            throw request.invalid("statusUpdateInterval", "unsupported value '" + interval + "'");
        }
        interval = interval == null ? "SECONDS_60" : interval;
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode userMetadata = body.get("userMetadata");
        if (userMetadata != null && !userMetadata.isNull()) {
            if (!userMetadata.isObject()) {
                throw request.invalid("userMetadata", "must be a map of strings");
            }
            for (var entry : userMetadata.properties()) {
                if (!entry.getValue().isString()) {
                    throw request.invalid("userMetadata", "value of '" + entry.getKey() + "' must be a string");
                }
                metadata.put(entry.getKey(), entry.getValue().stringValue());
            }
        }
        JobSpec spec = SettingsParser.parse(body.get("settings"));
        Instant now = clock.instant();
        String id = now.toEpochMilli() + "-" + randomSuffix();
        String queue = request.string("queue");
        String queueArn = queue != null && queue.startsWith("arn:")
                ? queue
                : "arn:aws:mediaconvert:" + config.region() + ":" + config.accountId() + ":queues/"
                        + (queue == null ? "Default" : queue);
        Duration updateEvery = config.statusUpdateInterval() != null
                ? config.statusUpdateInterval()
                : Duration.ofSeconds(Long.parseLong(interval.substring("SECONDS_".length())));
        return new Job(
                id,
                "arn:aws:mediaconvert:" + config.region() + ":" + config.accountId() + ":jobs/" + id,
                queueArn,
                role,
                token,
                interval,
                updateEvery,
                now,
                body.get("settings"),
                metadata,
                spec,
                events);
    }

    private String randomSuffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return suffix.toString();
    }

    Job get(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw ApiException.notFound("Job [" + id + "] not found");
        }
        return job;
    }

    record Page(List<Job> jobs, String nextToken) {}

    Page list(Map<String, String> query) {
        int maxResults = 20;
        if (query.containsKey("maxResults")) {
            try {
                maxResults = Integer.parseInt(query.get("maxResults"));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("maxResults: must be a whole number");
            }
            if (maxResults < 1 || maxResults > 20) {
                throw ApiException.badRequest("maxResults: must be between 1 and 20, was " + maxResults);
            }
        }
        String order = query.getOrDefault("order", "DESCENDING");
        if (!order.equals("ASCENDING") && !order.equals("DESCENDING")) {
            throw ApiException.badRequest("order: must be ASCENDING or DESCENDING, was " + order);
        }
        String status = query.get("status");
        if (status != null) {
            try {
                Job.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("status: unsupported value '" + status + "'");
            }
        }
        String queue = query.get("queue");
        int offset = 0;
        if (query.containsKey("nextToken")) {
            try {
                offset = Integer.parseInt(
                        new String(Base64.getUrlDecoder().decode(query.get("nextToken")), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("nextToken: is not a token this service issued");
            }
        }
        Comparator<Job> byCreation = Comparator.comparing(Job::createdAt).thenComparing(Job::id);
        List<Job> matching = new ArrayList<>(jobs.values().stream()
                .filter(job -> status == null || job.status().name().equals(status))
                .filter(job -> queue == null
                        || job.queueArn().equals(queue)
                        || job.queueArn().endsWith("/" + queue))
                .sorted(order.equals("ASCENDING") ? byCreation : byCreation.reversed())
                .toList());
        int from = Math.min(offset, matching.size());
        int to = Math.min(from + maxResults, matching.size());
        String next = to < matching.size()
                ? Base64.getUrlEncoder().encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Page(List.copyOf(matching.subList(from, to)), next);
    }

    void cancel(String id) {
        Job job = get(id);
        if (!job.cancel(clock.instant())) {
            throw ApiException.badRequest("Job [" + id + "] is " + job.status() + " and can no longer be canceled");
        }
    }

    /** Stops running FFmpeg processes when the emulator closes. */
    void shutdown() {
        jobs.values().forEach(Job::kill);
    }
}
