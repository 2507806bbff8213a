package dev.vodflow.catalog.video;

import dev.vodflow.catalog.video.VideoDocuments.Rendered;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Renders, in the background, the documents of the videos that have no current one: rows from before the documents
 * existed or from before their JSON changed, and rows written by anything but this service (a data fix, the
 * benchmark's seed). Until then a GET reads such a video the old way; nothing waits for this. Every instance runs
 * it; the videos' locks keep two of them, or one and the projection, from writing a video's document at once.
 */
@Component
class DueDocuments {

    private static final Logger log = LoggerFactory.getLogger(DueDocuments.class);
    static final int BATCH = 500;

    private final NamedParameterJdbcTemplate jdbc;
    private final VideoStore store;
    private final Ledger ledger;
    private final VideoDocuments documents;
    private final TransactionTemplate transactions;
    private boolean staleMarked;

    DueDocuments(
            NamedParameterJdbcTemplate jdbc,
            VideoStore store,
            Ledger ledger,
            VideoDocuments documents,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.store = store;
        this.ledger = ledger;
        this.documents = documents;
        this.transactions = new TransactionTemplate(transactions);
    }

    /**
     * Renders every due video, {@value #BATCH} at a time in transactions of their own. The first run marks the rows
     * rendered in another version as due (a scan of the table, once per start); after that a run is one lookup in an
     * index that is empty once everything is rendered. A batch that fails (the database, or a row that cannot be read)
     * ends the run; the next one starts again from the first due video, and until then those videos are read the old
     * way.
     */
    @Scheduled(
            initialDelayString = "${vodflow.catalog.documents-delay:2s}",
            fixedDelayString = "${vodflow.catalog.documents-interval:30s}")
    void renderDue() {
        renderAll();
    }

    /** {@link #renderDue}'s work; says how many videos it rendered. */
    int renderAll() {
        int rendered = 0;
        try {
            if (!staleMarked) {
                int stale = jdbc.update(
                        "UPDATE videos SET document_version = NULL WHERE document_version <> :version",
                        Map.of("version", VideoDocuments.VERSION));
                staleMarked = true;
                if (stale > 0) {
                    log.info("{} videos have documents of an earlier shape; rendering them again", stale);
                }
            }
            int batch;
            do {
                batch = transactions.execute(status -> renderBatch());
                rendered += batch;
            } while (batch == BATCH);
        } catch (RuntimeException e) {
            log.warn("Stopped rendering videos' documents after {}; the next run goes on: {}", rendered, e.toString());
        }
        if (rendered > 0) {
            log.info("Rendered the documents of {} videos", rendered);
        }
        return rendered;
    }

    private int renderBatch() {
        List<String> due = jdbc.queryForList(
                "SELECT id FROM videos WHERE document_version IS NULL ORDER BY id LIMIT :batch",
                Map.of("batch", BATCH),
                String.class);
        if (due.isEmpty()) {
            return 0;
        }
        ledger.lock(due);
        // read after the locks: what a writer committed meanwhile is what gets rendered
        MapSqlParameterSource[] rows = store.load(due).values().stream()
                .map(video -> {
                    Rendered rendered = documents.render(video);
                    return new MapSqlParameterSource("id", video.id())
                            .addValue("document", rendered.document())
                            .addValue("ownerFields", rendered.ownerFields())
                            .addValue("summary", rendered.summary())
                            .addValue("version", VideoDocuments.VERSION);
                })
                .toArray(MapSqlParameterSource[]::new);
        jdbc.batchUpdate("""
                UPDATE videos SET document = :document, document_owner_fields = :ownerFields, summary = :summary,
                                  document_version = :version
                 WHERE id = :id
                """, rows);
        return due.size();
    }
}
