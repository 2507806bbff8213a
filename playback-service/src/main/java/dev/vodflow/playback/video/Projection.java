package dev.vodflow.playback.video;

import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.messaging.BatchApplier;
import dev.vodflow.messaging.BatchApplier.Outcome;
import dev.vodflow.messaging.BatchApplier.Refusal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the events playback cares about, a poll's worth at a time: one transaction and a few statements per batch
 * (the ids, the owners, the upserts of each kind), not five round trips and a commit per event. Each event is applied
 * at most once (its id is recorded in the same transaction as its effect) and only if it is newer than what the row
 * already holds: every write is an upsert whose {@code where} clause keeps the newest fact, so events of different
 * topics may arrive in any order and a replay from offset 0 ends in the same rows. A video's owner is fixed by the
 * first event that names it; an event naming another owner is refused whole (and dead-lettered), so a forged or
 * confused event can neither take a video over nor change its visibility.
 */
@Service
public class Projection {

    private static final Logger log = LoggerFactory.getLogger(Projection.class);

    private static final String TRANSCODE_COMPLETED = """
            insert into playable_video (video_id, owner_id, master_path, download_path, ready, ready_at)
            values (:videoId, :ownerId, :masterPath, :downloadPath, true, :at)
            on conflict (video_id) do update
              set master_path = excluded.master_path,
                  download_path = excluded.download_path,
                  ready = not playable_video.deleted,
                  ready_at = excluded.ready_at
              where playable_video.ready_at is null or playable_video.ready_at < excluded.ready_at
            """;

    private static final String VISIBILITY_CHANGED = """
            insert into playable_video (video_id, owner_id, visibility, downloadable, visibility_at)
            values (:videoId, :ownerId, :visibility, :downloadable, :at)
            on conflict (video_id) do update
              set visibility = excluded.visibility,
                  downloadable = excluded.downloadable,
                  visibility_at = excluded.visibility_at
              where playable_video.visibility_at is null or playable_video.visibility_at < excluded.visibility_at
            """;

    private static final String DELETED = """
            insert into playable_video (video_id, owner_id, deleted, deleted_at)
            values (:videoId, :ownerId, true, :at)
            on conflict (video_id) do update
              set deleted = true, ready = false, deleted_at = excluded.deleted_at
              where not playable_video.deleted
            """;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batches;
    private final TransactionTemplate transactions;
    private final PlayableVideos lookups;
    private final Clock clock;

    Projection(
            JdbcClient jdbc,
            NamedParameterJdbcTemplate batches,
            TransactionTemplate transactions,
            PlayableVideos lookups,
            Clock clock) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.transactions = transactions;
        this.lookups = lookups;
        this.clock = clock;
    }

    /**
     * Applies {@code events} in order, up to the first that is refused (a path outside its video, another owner): the
     * events before it are committed and it is reported; the ones after it are left for the caller to hand in again.
     * Database failures are thrown, with nothing of the batch committed. This instance's sessions forget each video
     * once its change is committed.
     */
    public Outcome apply(List<? extends VodflowEvent> events) {
        List<VodflowEvent> checked = new ArrayList<>(events.size());
        RuntimeException refused = null;
        for (VodflowEvent event : events) {
            try {
                check(event);
            } catch (IllegalArgumentException e) {
                refused = e;
                break;
            }
            checked.add(event);
        }
        Outcome written = BatchApplier.untilRefused(transactions, checked, this::write);
        checked.subList(0, written.applied()).forEach(event -> lookups.forget(event.videoId()));
        return written.failure() == null ? new Outcome(written.applied(), refused) : written;
    }

    /**
     * What an event must be, whatever the rows say. The cookie policy covers {@code output/{videoId}/*} only: a master
     * playlist elsewhere could never be played, and signing for it would mean widening the policy.
     */
    private static void check(VodflowEvent event) {
        if (event instanceof TranscodeCompleted completed) {
            String prefix = "output/" + completed.videoId() + "/";
            if (!completed.hlsMasterPath().startsWith(prefix)
                    || completed.hlsMasterPath().contains("/../")) {
                throw new IllegalArgumentException(
                        "hlsMasterPath '" + completed.hlsMasterPath() + "' is not under " + prefix);
            }
            downloadPath(completed);
        }
    }

    /**
     * The largest MP4, the one a download serves; null when there is none. Like the master playlist it must be one
     * of this video's outputs: a signed URL is only ever made for a file of the video it was asked for. MP4s are
     * written under {@code download/{videoId}/}, which the session's cookies do not open; videos transcoded before
     * that have theirs under {@code output/{videoId}/}, which is still a file of the same video.
     */
    private static String downloadPath(TranscodeCompleted event) {
        String downloads = "download/" + event.videoId() + "/";
        String outputs = "output/" + event.videoId() + "/";
        String path = event.renditions().stream()
                .filter(r -> r.kind() == TranscodeCompleted.RenditionKind.MP4)
                .max(Comparator.comparingInt(TranscodeCompleted.Rendition::height))
                .map(TranscodeCompleted.Rendition::path)
                .orElse(null);
        if (path != null
                && ((!path.startsWith(downloads) && !path.startsWith(outputs))
                        || path.contains("/../")
                        || path.contains("*"))) {
            throw new IllegalArgumentException("MP4 path '" + path + "' is not under " + downloads);
        }
        return path;
    }

    /**
     * Within the caller's transaction: records the events' ids, lets the first event naming a video fix its owner,
     * checks every event's owner, then writes each kind of event in one batch. Returns the first refusal, for the
     * caller to roll back and try the events before it alone.
     */
    private Refusal write(List<VodflowEvent> batch) {
        List<VodflowEvent> fresh = firstTimes(batch);
        if (fresh.isEmpty()) {
            return null;
        }
        Map<String, String> owners = claimOwners(fresh);
        Set<VodflowEvent> firstTime = Collections.newSetFromMap(new IdentityHashMap<>());
        firstTime.addAll(fresh);
        for (int i = 0; i < batch.size(); i++) {
            VodflowEvent event = batch.get(i);
            String owner = owners.get(event.videoId());
            if (firstTime.contains(event) && !event.ownerId().equals(owner)) {
                return new Refusal(
                        i,
                        new IllegalArgumentException("event " + event.eventId() + " names " + event.ownerId()
                                + " as the owner of video " + event.videoId() + ", which belongs to " + owner
                                + "; refused"));
            }
        }
        List<SqlParameterSource> completed = new ArrayList<>();
        List<SqlParameterSource> updated = new ArrayList<>();
        List<SqlParameterSource> deleted = new ArrayList<>();
        // In the order of their videos (a stable sort: one video's events keep theirs), as the claims: batches of the
        // three topics' consumers, running at once, then lock shared rows in one order and cannot deadlock.
        for (VodflowEvent event : fresh.stream()
                .sorted(Comparator.comparing(VodflowEvent::videoId))
                .toList()) {
            MapSqlParameterSource row = new MapSqlParameterSource()
                    .addValue("videoId", event.videoId())
                    .addValue("ownerId", event.ownerId())
                    .addValue("at", Timestamp.from(event.occurredAt()));
            if (event instanceof TranscodeCompleted c) {
                completed.add(row.addValue("masterPath", c.hlsMasterPath()).addValue("downloadPath", downloadPath(c)));
            } else if (event instanceof VideoUpdated u) {
                updated.add(
                        row.addValue("visibility", u.visibility().name()).addValue("downloadable", u.allowsDownload()));
            } else if (event instanceof VideoDeleted) {
                deleted.add(row);
            } else {
                log.debug("playback does not project {}", event.getClass().getSimpleName());
            }
        }
        batch(TRANSCODE_COMPLETED, completed);
        batch(VISIBILITY_CHANGED, updated);
        batch(DELETED, deleted);
        return null;
    }

    /**
     * Records the batch's event ids and returns the events seen for the first time, in order: an id already
     * recorded, or met earlier in the batch (a record read twice), is a duplicate and dropped.
     */
    private List<VodflowEvent> firstTimes(List<VodflowEvent> batch) {
        Set<String> ids = new LinkedHashSet<>();
        batch.forEach(event -> ids.add(event.eventId()));
        Set<String> recorded = new HashSet<>(jdbc.sql("""
                        insert into processed_event (event_id, processed_at)
                        select unnest(cast(:ids as varchar[])), :at
                        on conflict do nothing
                        returning event_id
                        """)
                .param("ids", ids.toArray(String[]::new))
                .param("at", Timestamp.from(clock.instant()))
                .query(String.class)
                .list());
        List<VodflowEvent> fresh = new ArrayList<>();
        for (VodflowEvent event : batch) {
            if (recorded.remove(event.eventId())) {
                fresh.add(event);
            } else {
                log.debug("dropping duplicate event {}", event.eventId());
            }
        }
        return fresh;
    }

    /**
     * Makes each event's owner its video's owner unless the video has one (the first event of the batch to name a
     * video wins, as the first to arrive would one by one), and returns the owner of every video of the batch. A video
     * another transaction is claiming at the same moment is waited for, and its owner read once committed.
     */
    private Map<String, String> claimOwners(List<VodflowEvent> fresh) {
        Map<String, String> firstOwners = new TreeMap<>(); // in the order of the videos: see write
        fresh.forEach(event -> firstOwners.putIfAbsent(event.videoId(), event.ownerId()));
        String[] videos = firstOwners.keySet().toArray(String[]::new);
        jdbc.sql("""
                        insert into playable_video (video_id, owner_id)
                        select * from unnest(cast(:videos as varchar[]), cast(:owners as varchar[]))
                        on conflict do nothing
                        """)
                .param("videos", videos)
                .param("owners", firstOwners.values().toArray(String[]::new))
                .update();
        Map<String, String> owners = new HashMap<>();
        jdbc.sql("select video_id, owner_id from playable_video where video_id = any(cast(:videos as varchar[]))")
                .param("videos", videos)
                .query(rs -> {
                    owners.put(rs.getString(1), rs.getString(2));
                });
        return owners;
    }

    private void batch(String sql, List<SqlParameterSource> rows) {
        if (!rows.isEmpty()) {
            batches.batchUpdate(sql, rows.toArray(SqlParameterSource[]::new));
        }
    }
}
