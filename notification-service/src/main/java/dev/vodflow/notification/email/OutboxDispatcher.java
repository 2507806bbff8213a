package dev.vodflow.notification.email;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sends due mail from the outbox, one at a time on one thread: SES accounts have a per-second sending rate, and
 * sending in sequence keeps well inside it while throttling answers still back off through the outbox. Nothing is
 * kept in memory; a restart picks up where the database says.
 */
final class OutboxDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int BATCH = 20;

    private final Outbox outbox;
    private final Suppressions suppressions;
    private final SesMailer mailer;
    private final BackOff backOff;
    private final EmailProperties properties;
    private final Clock clock;
    private volatile ScheduledExecutorService poller;

    OutboxDispatcher(
            Outbox outbox, Suppressions suppressions, SesMailer mailer, BackOff backOff, EmailProperties properties) {
        this.outbox = outbox;
        this.suppressions = suppressions;
        this.mailer = mailer;
        this.backOff = backOff;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** Sends everything due now; returns how many attempts were made. */
    int sendDue() {
        Instant now = clock.instant();
        for (String key : outbox.abandonInterrupted(now)) {
            log.warn("Mail {} was interrupted while SES was being called; it is not sent again", key);
        }
        int attempts = 0;
        List<QueuedMail> claimed;
        do {
            now = clock.instant();
            claimed = outbox.claimDue(BATCH, now, now.plus(properties.lease()));
            for (QueuedMail mail : claimed) {
                send(mail);
                attempts++;
            }
        } while (claimed.size() == BATCH && poller != null);
        return attempts;
    }

    private void send(QueuedMail mail) {
        if (suppressions.isSuppressed(mail.recipient())) {
            outbox.suppressed(mail);
            log.info("Mail {} not sent: {} is suppressed", mail.dedupKey(), mail.recipient());
            return;
        }
        SesMailer.Outcome outcome = mailer.send(mail);
        switch (outcome.result()) {
            case SENT -> {
                outbox.sent(mail, outcome.sesMessageId());
                log.debug("Mail {} sent as {}", mail.dedupKey(), outcome.sesMessageId());
            }
            case RETRY -> {
                if (mail.attempt() >= properties.maxAttempts()) {
                    outbox.failed(mail, "gave up after " + mail.attempt() + " attempts; last: " + outcome.error());
                    log.warn(
                            "Mail {} to {} given up after {} attempts: {}",
                            mail.dedupKey(),
                            mail.recipient(),
                            mail.attempt(),
                            outcome.error());
                } else {
                    outbox.retryAt(mail, outcome.error(), clock.instant().plus(backOff.after(mail.attempt())));
                }
            }
            case FAILED -> {
                outbox.failed(mail, outcome.error());
                log.warn(
                        "Mail {} to {} refused by SES, not retried: {}",
                        mail.dedupKey(),
                        mail.recipient(),
                        outcome.error());
            }
        }
    }

    private void tick() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            log.warn("Sending due mail failed; trying again on the next tick", e);
        }
    }

    @Override
    public synchronized void start() {
        if (poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "email-outbox"));
        long interval = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService stopping = poller;
        poller = null;
        if (stopping != null) {
            stopping.shutdown(); // the mail in flight finishes; its SES call is bounded by the client's timeout
            try {
                if (!stopping.awaitTermination(properties.lease().toMillis(), TimeUnit.MILLISECONDS)) {
                    stopping.shutdownNow();
                }
            } catch (InterruptedException e) {
                stopping.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
