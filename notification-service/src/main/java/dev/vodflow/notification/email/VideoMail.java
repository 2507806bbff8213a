package dev.vodflow.notification.email;

import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.TranscodeFailed;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.VideoUploaded;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.notification.profile.EmailProfile;
import dev.vodflow.notification.profile.EmailProfiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The owner's mail about a video: ready (title, poster, link to the page) or failed (the reason and what to do),
 * queued in the event's intake transaction. One mail per video and state, ever: the outbox key is the state and the
 * video, so a replayed topic or a repeated event (a second failed attempt) queues nothing more. Titles are kept
 * even while e-mail is switched off, so that switching it on later names videos uploaded before.
 */
public class VideoMail {

    private static final Logger log = LoggerFactory.getLogger(VideoMail.class);

    private final VideoTitles titles;
    private final EmailProfiles profiles;
    private final Outbox outbox;
    private final MailTemplates templates;
    private final MailLinks links;
    private final boolean enabled;

    VideoMail(
            VideoTitles titles,
            EmailProfiles profiles,
            Outbox outbox,
            MailTemplates templates,
            MailLinks links,
            boolean enabled) {
        this.enabled = enabled;
        this.titles = titles;
        this.profiles = profiles;
        this.outbox = outbox;
        this.templates = templates;
        this.links = links;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void onEvent(VodflowEvent event) {
        onEvents(List.of(event));
    }

    /**
     * {@link #onEvent} for each event in order; the titles of consecutive uploads and edits are written in one batch.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void onEvents(List<? extends VodflowEvent> events) {
        List<VideoTitles.Title> pending = new ArrayList<>();
        for (VodflowEvent event : events) {
            Optional<VideoTitles.Title> title = title(event);
            if (title.isPresent()) {
                pending.add(title.get());
                continue;
            }
            if (event instanceof VideoUploaded || event instanceof VideoUpdated) {
                continue; // an edit that leaves the title as it was
            }
            titles.recordAll(pending); // what follows may read them
            pending.clear();
            apply(event);
        }
        titles.recordAll(pending);
    }

    private static Optional<VideoTitles.Title> title(VodflowEvent event) {
        if (event instanceof VideoUploaded uploaded) {
            String title = uploaded.title() != null && !uploaded.title().isBlank()
                    ? uploaded.title()
                    : uploaded.originalFileName();
            return Optional.of(
                    new VideoTitles.Title(uploaded.videoId(), uploaded.ownerId(), title, uploaded.occurredAt()));
        }
        if (event instanceof VideoUpdated updated && updated.title() != null) {
            return Optional.of(
                    new VideoTitles.Title(updated.videoId(), updated.ownerId(), updated.title(), updated.occurredAt()));
        }
        return Optional.empty();
    }

    private void apply(VodflowEvent event) {
        if (event instanceof VideoDeleted deleted) {
            titles.forget(deleted.videoId());
        } else if (event instanceof TranscodeCompleted completed) {
            queue(completed, MailKind.VIDEO_READY, readyModel(completed));
        } else if (event instanceof TranscodeFailed failed) {
            queue(failed, MailKind.VIDEO_FAILED, failedModel(failed));
        }
    }

    static String key(MailKind kind, String videoId) {
        return kind.template + ":" + videoId;
    }

    private void queue(VodflowEvent event, MailKind kind, Map<String, Object> model) {
        if (!enabled) {
            return;
        }
        Optional<EmailProfile> profile = profiles.find(event.ownerId()).filter(EmailProfile::wantsVideoMail);
        String key = key(kind, event.videoId());
        if (profile.isEmpty() || outbox.exists(key)) {
            return;
        }
        Locale locale = profile.get().language();
        String title = titles.title(event.videoId()).orElseGet(() -> BundleMessages.message(locale, "video.untitled"));
        String unsubscribe = links.unsubscribe(new UnsubscribeTokens.User(event.ownerId()));
        model.put("title", title);
        model.put("videoUrl", links.video(event.videoId()));
        model.put("unsubscribeUrl", unsubscribe);
        model.put("why", "footer.why.video");
        outbox.enqueue(key, kind, profile.get().address(), templates.render(kind, locale, model, title), unsubscribe);
    }

    private Map<String, Object> readyModel(TranscodeCompleted completed) {
        Map<String, Object> model = new HashMap<>();
        model.put("posterUrl", links.poster(poster(completed.thumbnails())));
        model.put("duration", completed.durationMs() > 0 ? clock(Duration.ofMillis(completed.durationMs())) : null);
        return model;
    }

    private static Map<String, Object> failedModel(TranscodeFailed failed) {
        Map<String, Object> model = new HashMap<>();
        model.put("reason", failed.message());
        model.put("errorCode", failed.errorCode());
        model.put("retryable", failed.retryable());
        return model;
    }

    /** The middle frame capture: the first is often black (a fade-in), the middle usually shows the subject. */
    static String poster(List<TranscodeCompleted.Thumbnail> thumbnails) {
        return thumbnails.isEmpty()
                ? null
                : thumbnails.get(thumbnails.size() / 2).path();
    }

    /** {@code 1:05} or {@code 1:02:03}, as video players show a length. */
    static String clock(Duration duration) {
        long seconds = Math.round(duration.toMillis() / 1000.0);
        long hours = seconds / 3600;
        long minutes = (seconds % 3600) / 60;
        long rest = seconds % 60;
        return hours > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, rest)
                : String.format(Locale.ROOT, "%d:%02d", minutes, rest);
    }
}
