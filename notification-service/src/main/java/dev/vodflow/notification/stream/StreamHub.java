package dev.vodflow.notification.stream;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes stored stream events to open SSE connections. One thread does all the work (catch-up of new connections,
 * then new rows in sequence order), so a connection never sees an event twice or out of order, and a resuming
 * connection gets its missed events before live ones.
 */
@Component
class StreamHub implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamHub.class);
    private static final int BATCH = 500;

    private final OwnerStream store;
    private final StreamProperties properties;
    private final Map<String, Set<Subscriber>> byOwner = new ConcurrentHashMap<>();
    private final Queue<Subscriber> joining = new ConcurrentLinkedQueue<>();
    private volatile ScheduledExecutorService executor;
    private long cursor;

    StreamHub(OwnerStream store, StreamProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /** Opens a stream for {@code ownerId}; with {@code lastEventId}, first replays what the owner missed since. */
    SseEmitter subscribe(String ownerId, Long lastEventId) {
        SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
        Subscriber subscriber = new Subscriber(ownerId, emitter, lastEventId);
        emitter.onCompletion(() -> remove(subscriber));
        emitter.onTimeout(() -> remove(subscriber));
        emitter.onError(e -> remove(subscriber));
        try {
            // Tells the browser how soon to reconnect, and flushes the headers so the client sees the stream open.
            emitter.send(SseEmitter.event().reconnectTime(3000).comment("stream open"));
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        joining.add(subscriber);
        return emitter;
    }

    private void remove(Subscriber subscriber) {
        subscriber.closed = true;
        Set<Subscriber> set = byOwner.get(subscriber.ownerId);
        if (set != null) {
            set.remove(subscriber);
            byOwner.computeIfPresent(subscriber.ownerId, (owner, s) -> s.isEmpty() ? null : s);
        }
    }

    private void poll() {
        try {
            admitJoining();
            if (byOwner.isEmpty()) {
                cursor = Math.max(cursor, store.latestSeq());
                return;
            }
            List<StreamEvent> events;
            do {
                events = store.after(cursor, BATCH);
                for (StreamEvent event : events) {
                    for (Subscriber subscriber : byOwner.getOrDefault(event.ownerId(), Set.of())) {
                        send(subscriber, event);
                    }
                    cursor = event.seq();
                }
            } while (events.size() == BATCH);
        } catch (RuntimeException e) {
            log.warn("Stream poll failed; trying again on the next tick", e);
        }
    }

    private void admitJoining() {
        Subscriber subscriber;
        while ((subscriber = joining.poll()) != null) {
            if (subscriber.closed) {
                continue;
            }
            log.debug("Admitting a stream of {} from {} at {}", subscriber.ownerId, subscriber.lastEventId, cursor);
            if (subscriber.lastEventId != null && subscriber.lastEventId < cursor) {
                for (StreamEvent missed : store.ownerBetween(subscriber.ownerId, subscriber.lastEventId, cursor)) {
                    send(subscriber, missed);
                }
            }
            if (!subscriber.closed) {
                // Marks where live events start for this connection; no id, so it does not move Last-Event-ID.
                try {
                    subscriber.emitter.send(SseEmitter.event()
                            .name("stream.open")
                            .data("{\"lastEventId\":" + cursor + "}", MediaType.APPLICATION_JSON));
                } catch (IOException | IllegalStateException e) {
                    remove(subscriber);
                    continue;
                }
                byOwner.computeIfAbsent(subscriber.ownerId, owner -> ConcurrentHashMap.newKeySet())
                        .add(subscriber);
            }
        }
    }

    private void send(Subscriber subscriber, StreamEvent event) {
        try {
            subscriber.emitter.send(SseEmitter.event()
                    .id(Long.toString(event.seq()))
                    .name(event.name())
                    .data(event.data(), MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            // The browser went away; the container completes the emitter and onCompletion removes it.
            remove(subscriber);
        }
    }

    private void heartbeat() {
        for (Set<Subscriber> subscribers : byOwner.values()) {
            for (Subscriber subscriber : subscribers) {
                try {
                    subscriber.emitter.send(SseEmitter.event().comment("keep-alive"));
                } catch (IOException | IllegalStateException e) {
                    remove(subscriber);
                }
            }
        }
    }

    @Override
    public void start() {
        cursor = store.latestSeq();
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sse-hub");
            thread.setDaemon(true);
            return thread;
        });
        long poll = properties.pollInterval().toMillis();
        long beat = properties.heartbeat().toMillis();
        started.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
        started.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
        }
        byOwner.values().forEach(subscribers -> subscribers.forEach(s -> s.emitter.complete()));
        byOwner.clear();
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    private static final class Subscriber {
        final String ownerId;
        final SseEmitter emitter;
        final Long lastEventId;
        volatile boolean closed;

        Subscriber(String ownerId, SseEmitter emitter, Long lastEventId) {
            this.ownerId = ownerId;
            this.emitter = emitter;
            this.lastEventId = lastEventId;
        }
    }
}
