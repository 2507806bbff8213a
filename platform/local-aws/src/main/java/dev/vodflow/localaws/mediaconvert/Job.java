package dev.vodflow.localaws.mediaconvert;

import dev.vodflow.localaws.mediaconvert.OutputCollector.GroupResult;
import dev.vodflow.localaws.mediaconvert.OutputCollector.OutputResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One job and its state machine. Every transition happens under the job's lock and posts its event before
 * the lock is released, so events leave in the order of the transitions, and nothing is posted once the job
 * reached COMPLETE, ERROR or CANCELED: a late progress report finds the job terminal and is dropped.
 */
final class Job {

    enum Status {
        SUBMITTED,
        PROGRESSING,
        COMPLETE,
        CANCELED,
        ERROR;

        boolean terminal() {
            return this == COMPLETE || this == CANCELED || this == ERROR;
        }
    }

    enum Phase {
        PROBING,
        TRANSCODING,
        UPLOADING
    }

    private final String id;
    private final String arn;
    private final String queueArn;
    private final String role;
    private final String clientRequestToken;
    private final String statusUpdateIntervalName;
    private final Duration statusUpdateInterval;
    private final Instant createdAt;
    private final JsonNode settings;
    private final Map<String, String> userMetadata;
    private final JobSpec spec;
    private final JobEvents events;

    private Status status = Status.SUBMITTED;
    private Phase phase;
    private int phasePercent;
    private long framesDecoded;
    private Integer errorCode;
    private String errorMessage;
    private Instant startTime;
    private Instant finishTime;
    private Instant lastStatusUpdate;
    private List<GroupResult> results;
    private Process process;

    Job(
            String id,
            String arn,
            String queueArn,
            String role,
            String clientRequestToken,
            String statusUpdateIntervalName,
            Duration statusUpdateInterval,
            Instant createdAt,
            JsonNode settings,
            Map<String, String> userMetadata,
            JobSpec spec,
            JobEvents events) {
        this.id = id;
        this.arn = arn;
        this.queueArn = queueArn;
        this.role = role;
        this.clientRequestToken = clientRequestToken;
        this.statusUpdateIntervalName = statusUpdateIntervalName;
        this.statusUpdateInterval = statusUpdateInterval;
        this.createdAt = createdAt;
        this.settings = settings;
        this.userMetadata = Map.copyOf(userMetadata);
        this.spec = spec;
        this.events = events;
    }

    String id() {
        return id;
    }

    String arn() {
        return arn;
    }

    String queueArn() {
        return queueArn;
    }

    Instant createdAt() {
        return createdAt;
    }

    Map<String, String> userMetadata() {
        return userMetadata;
    }

    JobSpec spec() {
        return spec;
    }

    synchronized Status status() {
        return status;
    }

    synchronized boolean isTerminal() {
        return status.terminal();
    }

    synchronized boolean start(Instant now) {
        if (status != Status.SUBMITTED) {
            return false;
        }
        status = Status.PROGRESSING;
        phase = Phase.PROBING;
        startTime = now;
        lastStatusUpdate = now;
        events.publish(this, "PROGRESSING", now, null);
        return true;
    }

    synchronized void inputInformation(MediaInfo media, Instant now) {
        if (status != Status.PROGRESSING) {
            return;
        }
        ObjectNode detail = events.detail();
        ObjectNode input = detail.putArray("inputDetails").addObject();
        input.put("id", 1);
        input.put("uri", spec.input().toString());
        ArrayNode video = input.putArray("video");
        if (media.hasVideo()) {
            MediaInfo.VideoStream stream = media.video();
            ObjectNode v = video.addObject();
            v.put("bitDepth", stream.bitDepth() > 0 ? stream.bitDepth() : 8);
            v.put("codec", Prober.codecName(stream.codec()));
            v.put("colorFormat", stream.pixelFormat().startsWith("yuv422") ? "YUV_422" : "YUV_420");
            v.put("fourCC", stream.fourCc());
            v.put("frameRate", Math.round(stream.frameRate() * 1000) / 1000.0);
            v.put("height", stream.height());
            v.put("streamId", stream.index() + 1);
            v.put("width", stream.width());
        }
        ArrayNode audio = input.putArray("audio");
        if (media.hasAudio()) {
            MediaInfo.AudioStream stream = media.audio();
            ObjectNode a = audio.addObject();
            a.put("channels", stream.channels());
            a.put("codec", Prober.codecName(stream.codec()));
            a.put("language", stream.language().toUpperCase(java.util.Locale.ROOT));
            a.put("sampleRate", stream.sampleRate());
            a.put("streamId", stream.index() + 1);
        }
        events.publish(this, "INPUT_INFORMATION", now, detail);
    }

    synchronized void enter(Phase next, Instant now) {
        if (status != Status.PROGRESSING) {
            return;
        }
        phase = next;
        phasePercent = 0;
    }

    /** Records transcoding progress and posts STATUS_UPDATE at most once per status update interval. */
    synchronized void progress(int percent, long frames, Instant now) {
        if (status != Status.PROGRESSING) {
            return;
        }
        phasePercent = Math.max(phasePercent, Math.min(100, percent));
        framesDecoded = Math.max(framesDecoded, frames);
        if (Duration.between(lastStatusUpdate, now).compareTo(statusUpdateInterval) >= 0) {
            lastStatusUpdate = now;
            ObjectNode detail = events.detail();
            detail.put("framesDecoded", framesDecoded);
            ObjectNode progress = detail.putObject("jobProgress");
            ObjectNode phases = progress.putObject("phaseProgress");
            for (Phase each : Phase.values()) {
                ObjectNode entry = phases.putObject(each.name());
                if (each.ordinal() < phase.ordinal()) {
                    entry.put("status", "COMPLETE");
                    entry.put("percentComplete", 100);
                } else if (each == phase) {
                    entry.put("status", "PROGRESSING");
                    entry.put("percentComplete", phasePercent);
                } else {
                    entry.put("status", "PENDING");
                    entry.put("percentComplete", 0);
                }
            }
            progress.put("jobPercentComplete", jobPercentComplete());
            progress.put("currentPhase", phase.name());
            progress.put("retryCount", 0);
            events.publish(this, "STATUS_UPDATE", now, detail);
        }
    }

    private int jobPercentComplete() {
        return switch (phase) {
            case PROBING -> 0;
            case TRANSCODING -> 2 + phasePercent * 93 / 100;
            case UPLOADING -> 95 + phasePercent * 5 / 100;
        };
    }

    synchronized boolean complete(List<GroupResult> groups, Instant now) {
        if (status != Status.PROGRESSING) {
            return false;
        }
        status = Status.COMPLETE;
        finishTime = now;
        results = List.copyOf(groups);
        ObjectNode detail = events.detail();
        ArrayNode details = detail.putArray("outputGroupDetails");
        for (GroupResult group : groups) {
            ObjectNode g = details.addObject();
            ArrayNode outputs = g.putArray("outputDetails");
            for (OutputResult output : group.outputs()) {
                ObjectNode o = outputs.addObject();
                ArrayNode paths = o.putArray("outputFilePaths");
                output.outputFilePaths().forEach(paths::add);
                o.put("durationInMs", output.durationMs());
                if (output.width() != null) {
                    ObjectNode video = o.putObject("videoDetails");
                    video.put("widthInPx", output.width());
                    video.put("heightInPx", output.height());
                    if (output.averageBitrate() != null) {
                        video.put("averageBitrate", output.averageBitrate());
                    }
                }
            }
            if (!group.playlistFilePaths().isEmpty()) {
                ArrayNode playlists = g.putArray("playlistFilePaths");
                group.playlistFilePaths().forEach(playlists::add);
            }
            g.put("type", group.type().name());
        }
        detail.put("paddingInserted", 0);
        detail.put("blackVideoDetected", 0);
        detail.putArray("warnings");
        events.publish(this, "COMPLETE", now, detail);
        return true;
    }

    synchronized boolean fail(int code, String message, Instant now) {
        if (status.terminal()) {
            return false;
        }
        status = Status.ERROR;
        finishTime = now;
        errorCode = code;
        errorMessage = message;
        ObjectNode detail = events.detail();
        detail.put("errorCode", code);
        detail.put("errorMessage", message);
        events.publish(this, "ERROR", now, detail);
        return true;
    }

    /** Cancels a queued or running job; a running FFmpeg is killed after the state change is out. */
    boolean cancel(Instant now) {
        Process running;
        synchronized (this) {
            if (status.terminal()) {
                return false;
            }
            status = Status.CANCELED;
            finishTime = now;
            events.publish(this, "CANCELED", now, null);
            running = process;
        }
        if (running != null) {
            running.destroyForcibly();
        }
        return true;
    }

    /** Remembers the job's FFmpeg so that cancel can stop it; false if the job already ended. */
    synchronized boolean attach(Process running) {
        process = running;
        return !status.terminal();
    }

    /** Stops the job's FFmpeg without a state change (the emulator is closing). */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    synchronized void detach() {
        process = null;
    }

    synchronized ObjectNode toJson(JsonMapper json) {
        ObjectNode job = json.createObjectNode();
        job.put("accelerationStatus", "NOT_APPLICABLE");
        job.put("arn", arn);
        job.put("billingTagsSource", "JOB");
        if (clientRequestToken != null) {
            job.put("clientRequestToken", clientRequestToken);
        }
        job.put("createdAt", epochSeconds(createdAt));
        if (status == Status.PROGRESSING && phase != null) {
            job.put("currentPhase", phase.name());
            job.put("jobPercentComplete", jobPercentComplete());
        }
        if (errorCode != null) {
            job.put("errorCode", errorCode);
            job.put("errorMessage", errorMessage);
        }
        job.put("id", id);
        ObjectNode messages = job.putObject("messages");
        messages.putArray("info");
        messages.putArray("warning");
        if (results != null) {
            ArrayNode details = job.putArray("outputGroupDetails");
            for (GroupResult group : results) {
                ArrayNode outputs = details.addObject().putArray("outputDetails");
                for (OutputResult output : group.outputs()) {
                    ObjectNode o = outputs.addObject();
                    o.put("durationInMs", output.durationMs());
                    if (output.width() != null) {
                        ObjectNode video = o.putObject("videoDetails");
                        video.put("heightInPx", output.height());
                        video.put("widthInPx", output.width());
                    }
                }
            }
        }
        job.put("priority", 0);
        job.put("queue", queueArn);
        job.put("retryCount", 0);
        job.put("role", role);
        job.set("settings", settings);
        job.put("simulateReservedQueue", "DISABLED");
        job.put("status", status.name());
        job.put("statusUpdateInterval", statusUpdateIntervalName);
        ObjectNode timing = job.putObject("timing");
        timing.put("submitTime", epochSeconds(createdAt));
        if (startTime != null) {
            timing.put("startTime", epochSeconds(startTime));
        }
        if (finishTime != null) {
            timing.put("finishTime", epochSeconds(finishTime));
        }
        ObjectNode metadata = job.putObject("userMetadata");
        userMetadata.forEach(metadata::put);
        return job;
    }

    private static double epochSeconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }
}
