package dev.vodflow.notification.stream;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each owner's recent events in PostgreSQL rather than memory: every instance consumes only some Kafka partitions, so
 * the database is where an instance holding a browser's connection finds events another instance took in, and a
 * restart keeps the resume history. History is bounded per owner ({@code history-per-owner}).
 */
@Repository
public class OwnerStream {

    /** Serialises appends, so sequence numbers become visible in order and a reader never skips a late commit. */
    private static final long APPEND_LOCK = 0x766f64666c6f77L;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final int historyPerOwner;

    OwnerStream(JdbcClient jdbc, JsonMapper json, StreamProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.historyPerOwner = properties.historyPerOwner();
    }

    /** Adds an event to the owner's stream, once per {@code eventId}; joins the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(String ownerId, String eventId, String name, Object data) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(APPEND_LOCK).query().singleRow();
        int inserted = jdbc.sql(
                        "INSERT INTO stream_event (event_id, owner_id, name, data) VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING")
                .params(eventId, ownerId, name, json.writeValueAsString(data))
                .update();
        if (inserted > 0) {
            jdbc.sql("""
                            DELETE FROM stream_event WHERE owner_id = :owner AND seq <= (
                                SELECT seq FROM stream_event WHERE owner_id = :owner ORDER BY seq DESC OFFSET :keep LIMIT 1)
                            """).param("owner", ownerId).param("keep", historyPerOwner).update();
        }
    }

    long latestSeq() {
        return jdbc.sql("SELECT coalesce(max(seq), 0) FROM stream_event")
                .query(Long.class)
                .single();
    }

    List<StreamEvent> after(long seq, int limit) {
        return jdbc.sql("SELECT seq, owner_id, name, data FROM stream_event WHERE seq > ? ORDER BY seq LIMIT ?")
                .params(seq, limit)
                .query(StreamEvent.class)
                .list();
    }

    List<StreamEvent> ownerBetween(String ownerId, long afterSeq, long upToSeq) {
        return jdbc.sql(
                        "SELECT seq, owner_id, name, data FROM stream_event WHERE owner_id = ? AND seq > ? AND seq <= ? ORDER BY seq")
                .params(ownerId, afterSeq, upToSeq)
                .query(StreamEvent.class)
                .list();
    }
}
