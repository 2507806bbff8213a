package dev.vodflow.localaws.medialive;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * The emulator's inputs and channels, and the rule for who may publish: a publish names an input's stream
 * ({@code app/key}), the input's channel must be running, and a channel takes one publisher at a time. A
 * publisher gone longer than the grace period ends the broadcast; one back in time continues it.
 */
final class LiveChannels implements RtmpConnection.Publishers {

    private static final Logger log = LoggerFactory.getLogger(LiveChannels.class);

    /** The RTMP application a bare SRT streamid is looked up under: live-service names its inputs {@code live/KEY}. */
    private static final String SRT_DEFAULT_APP = "live";

    /** MediaLive's channel states that the emulator passes through. */
    enum State {
        IDLE,
        RUNNING,
        STOPPING,
        DELETED
    }

    /** The input types the emulator takes: encoders push to both, RTMP with {@code app/key}, SRT with a streamid. */
    enum InputType {
        RTMP_PUSH,
        SRT_LISTENER
    }

    /**
     * @param streamNames RTMP: {@code app/key} per destination; SRT: the one streamid a caller must send
     */
    static final class Input {
        final String id;
        final String name;
        final InputType type;
        volatile List<String> streamNames;
        volatile String channelId;

        Input(String id, String name, InputType type, List<String> streamNames) {
            this.id = id;
            this.name = name;
            this.type = type;
            this.streamNames = streamNames;
        }
    }

    static final class Channel {
        final String id;
        final String name;
        /** The attached inputs: one, or an automatic input failover pair (primary first). */
        final List<String> inputIds;

        volatile JsonNode request;
        volatile ChannelPlan plan;
        volatile State state = State.IDLE;
        Broadcast broadcast;
        Object publisher;
        ScheduledFuture<?> graceEnd;
        int archiveIndex;

        Channel(String id, String name, List<String> inputIds, JsonNode request, ChannelPlan plan) {
            this.id = id;
            this.name = name;
            this.inputIds = List.copyOf(inputIds);
            this.request = request;
            this.plan = plan;
        }
    }

    /** MediaLive's ids are numeric strings; one sequence for inputs and channels keeps them apart. */
    private final java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong(1_000_000);

    private final Map<String, Input> inputs = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final S3Client s3;
    private final Path ffmpeg;
    private final int encoderNice;
    private final Path workDirectory;
    private final Duration grace;
    private final ScheduledExecutorService timers;
    private final ExecutorService finishers;

    LiveChannels(S3Client s3, Path ffmpeg, int encoderNice, Path workDirectory, Duration grace) {
        this.s3 = s3;
        this.ffmpeg = ffmpeg;
        this.encoderNice = encoderNice;
        this.workDirectory = workDirectory;
        this.grace = grace;
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("medialive-grace"));
        this.finishers = Executors.newCachedThreadPool(daemon("medialive-finish"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    Input createInput(String name, InputType type, List<String> streamNames) {
        Input input = new Input(String.valueOf(ids.incrementAndGet()), name, type, List.copyOf(streamNames));
        inputs.put(input.id, input);
        return input;
    }

    Input input(String id) {
        Input input = inputs.get(id);
        if (input == null) {
            throw new ApiError(404, "NotFoundException", "Input '" + id + "' does not exist");
        }
        return input;
    }

    Input updateInput(String id, List<String> streamNames) {
        Input input = input(id);
        // a publisher already on air keeps going; the new key is needed from its next connection on
        input.streamNames = List.copyOf(streamNames);
        return input;
    }

    void deleteInput(String id) {
        Input input = input(id);
        if (input.channelId != null && channels.containsKey(input.channelId)) {
            throw new ApiError(
                    409, "ConflictException", "Input '" + id + "' is attached to channel " + input.channelId);
        }
        inputs.remove(id);
    }

    /** @param inputIds one input, or the two of an automatic input failover pair, primary first */
    Channel createChannel(String name, List<String> inputIds, JsonNode request) {
        List<Input> attached = inputIds.stream().map(this::input).toList();
        for (Input input : attached) {
            if (input.channelId != null && channels.containsKey(input.channelId)) {
                throw new ApiError(
                        409,
                        "ConflictException",
                        "Input '" + input.id + "' is already attached to channel " + input.channelId);
            }
        }
        Channel channel =
                new Channel(String.valueOf(ids.incrementAndGet()), name, inputIds, request, ChannelPlan.parse(request));
        channels.put(channel.id, channel);
        attached.forEach(input -> input.channelId = channel.id);
        return channel;
    }

    java.util.Optional<String> idByName(String name) {
        return channels.values().stream()
                .filter(channel -> channel.name.equals(name))
                .map(channel -> channel.id)
                .findFirst();
    }

    Channel channel(String id) {
        Channel channel = channels.get(id);
        if (channel == null) {
            throw new ApiError(404, "NotFoundException", "Channel '" + id + "' does not exist");
        }
        return channel;
    }

    Channel updateChannel(String id, JsonNode request) {
        Channel channel = channel(id);
        synchronized (channel) {
            if (channel.state != State.IDLE) {
                throw new ApiError(
                        409,
                        "ConflictException",
                        "Channel '" + id + "' is " + channel.state + "; it can be updated only when IDLE");
            }
            channel.plan = ChannelPlan.parse(request);
            channel.request = request;
        }
        return channel;
    }

    Channel start(String id) {
        Channel channel = channel(id);
        synchronized (channel) {
            if (channel.state == State.RUNNING) {
                return channel;
            }
            if (channel.state != State.IDLE) {
                throw new ApiError(
                        409,
                        "ConflictException",
                        "Channel '" + id + "' is " + channel.state + "; it can start only when IDLE");
            }
            channel.state = State.RUNNING;
            channel.archiveIndex = 0;
        }
        return channel;
    }

    /** Stops asynchronously, as MediaLive does: STOPPING until the recording is stored, then IDLE. */
    Channel stop(String id) {
        Channel channel = channel(id);
        synchronized (channel) {
            if (channel.state != State.RUNNING) {
                return channel;
            }
            channel.state = State.STOPPING;
            channel.publisher = null;
            Broadcast broadcast = takeBroadcast(channel);
            finishers.execute(() -> {
                finish(channel, broadcast);
                synchronized (channel) {
                    channel.state = State.IDLE;
                }
            });
        }
        return channel;
    }

    void delete(String id) {
        Channel channel = channel(id);
        synchronized (channel) {
            if (channel.state != State.IDLE) {
                throw new ApiError(
                        409,
                        "ConflictException",
                        "Channel '" + id + "' is " + channel.state + "; stop it before deleting it");
            }
            channel.state = State.DELETED;
            channels.remove(id);
            for (String inputId : channel.inputIds) {
                Input input = inputs.get(inputId);
                if (input != null) {
                    input.channelId = null;
                }
            }
        }
    }

    @Override
    public RtmpConnection.MediaSink publish(String app, String streamName, String remote)
            throws RtmpConnection.Refusal {
        String path = app + "/" + streamName;
        Input input = inputs.values().stream()
                .filter(candidate -> candidate.type == InputType.RTMP_PUSH && candidate.streamNames.contains(path))
                .findFirst()
                .orElseThrow(() -> new RtmpConnection.Refusal(
                        "NetStream.Publish.BadName", "no input has the stream '" + app + "/<key>': check the key"));
        return publish(input, remote);
    }

    /**
     * An SRT caller's publish: the streamid must be an SRT listener input's. For encoders set up before SRT inputs
     * existed here, a streamid naming an RTMP input's stream ({@code KEY} for {@code live/KEY}, or {@code app/KEY})
     * is taken too, as the same channel's.
     */
    RtmpConnection.MediaSink publishSrt(String streamId, String remote) throws RtmpConnection.Refusal {
        var listener = inputs.values().stream()
                .filter(candidate ->
                        candidate.type == InputType.SRT_LISTENER && candidate.streamNames.contains(streamId))
                .findFirst();
        if (listener.isPresent()) {
            return publish(listener.get(), remote);
        }
        int slash = streamId.indexOf('/');
        return slash > 0
                ? publish(streamId.substring(0, slash), streamId.substring(slash + 1), remote)
                : publish(SRT_DEFAULT_APP, streamId, remote);
    }

    private RtmpConnection.MediaSink publish(Input input, String remote) throws RtmpConnection.Refusal {
        Channel channel = input.channelId == null ? null : channels.get(input.channelId);
        if (channel == null) {
            throw new RtmpConnection.Refusal(
                    "NetStream.Publish.BadName", "input " + input.id + " is attached to no channel");
        }
        Object publisher = new Object();
        Broadcast broadcast;
        synchronized (channel) {
            if (channel.state != State.RUNNING) {
                throw new RtmpConnection.Refusal(
                        "NetStream.Publish.Rejected",
                        "channel " + channel.id + " is " + channel.state + ": start it before publishing");
            }
            if (channel.publisher != null) {
                throw new RtmpConnection.Refusal(
                        "NetStream.Publish.BadName", "channel " + channel.id + " already has a publisher");
            }
            channel.publisher = publisher;
            if (channel.graceEnd != null) {
                channel.graceEnd.cancel(false);
                channel.graceEnd = null;
            }
            if (channel.broadcast == null) {
                channel.broadcast = new Broadcast(
                        channel.id,
                        channel.plan,
                        ffmpeg,
                        encoderNice,
                        workDirectory.resolve(channel.id + "-" + UUID.randomUUID()),
                        s3,
                        channel.archiveIndex++);
                log.info("channel {}: publisher {} is on air", channel.id, remote);
            } else {
                channel.broadcast.reconnected();
                log.info("channel {}: publisher {} is back within the grace period", channel.id, remote);
            }
            broadcast = channel.broadcast;
        }
        return new RtmpConnection.MediaSink() {
            @Override
            public void tag(int type, long timestampMs, byte[] payload) throws IOException {
                if (channel.publisher != publisher) {
                    throw new IOException("channel " + channel.id + " stopped");
                }
                broadcast.tag(type, timestampMs, payload);
            }

            @Override
            public void disconnected() {
                synchronized (channel) {
                    if (channel.publisher != publisher) {
                        return;
                    }
                    channel.publisher = null;
                    broadcast.publisherGone();
                    log.info(
                            "channel {}: publisher gone, ending the broadcast unless it returns within {}",
                            channel.id,
                            grace);
                    channel.graceEnd =
                            timers.schedule(() -> graceOver(channel), grace.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        };
    }

    private void graceOver(Channel channel) {
        Broadcast broadcast;
        synchronized (channel) {
            if (channel.publisher != null || channel.broadcast == null) {
                return;
            }
            broadcast = takeBroadcast(channel);
        }
        finishers.execute(() -> finish(channel, broadcast));
    }

    private static Broadcast takeBroadcast(Channel channel) {
        Broadcast broadcast = channel.broadcast;
        channel.broadcast = null;
        if (channel.graceEnd != null) {
            channel.graceEnd.cancel(false);
            channel.graceEnd = null;
        }
        return broadcast;
    }

    private void finish(Channel channel, Broadcast broadcast) {
        if (broadcast == null) {
            return;
        }
        try {
            broadcast.finish();
        } catch (RuntimeException e) {
            log.warn("channel {}: ending the broadcast failed", channel.id, e);
        }
    }

    List<Channel> channels() {
        return new ArrayList<>(channels.values());
    }

    /**
     * Fails one pipeline of a running channel (0 = A, 1 = B), as a crashed encoder would, or brings it back: the
     * failure injection for drills and tests. Pipelines come into being with the first publish.
     */
    void pipeline(String id, int pipeline, boolean kill) {
        Channel channel = channel(id);
        boolean done;
        synchronized (channel) {
            done = channel.broadcast != null
                    && (kill ? channel.broadcast.kill(pipeline) : channel.broadcast.restart(pipeline));
        }
        if (!done) {
            throw new ApiError(
                    409,
                    "ConflictException",
                    "Channel '" + id + "' has no pipeline " + pipeline + " on air (state " + channel.state + ")");
        }
    }

    /** How many pipelines are encoding right now. */
    int pipelinesRunning(Channel channel) {
        synchronized (channel) {
            return channel.broadcast == null ? 0 : channel.broadcast.pipelinesRunning();
        }
    }

    void close() {
        for (Channel channel : channels()) {
            synchronized (channel) {
                channel.publisher = null;
                finish(channel, takeBroadcast(channel));
            }
        }
        timers.shutdownNow();
        finishers.shutdownNow();
    }

    /** An API error as MediaLive reports it: status, {@code x-amzn-ErrorType}, message. */
    static final class ApiError extends RuntimeException {
        final int status;
        final String type;

        ApiError(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }
}
