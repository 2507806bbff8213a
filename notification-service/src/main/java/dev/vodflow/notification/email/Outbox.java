package dev.vodflow.notification.email;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The mail outbox in PostgreSQL. A row is PENDING until claimed, SENDING while SES is being called, then SENT,
 * FAILED or SUPPRESSED. A row found SENDING after its lease ran out was interrupted mid-call: SES may or may not have
 * taken it, and as a second copy is worse than a lost one, it is not sent again.
 */
@Repository
class Outbox {

    private static final int MAX_ERROR = 1000;

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return whether the mail was queued; {@code false} when one with this key exists (sent or not) */
    @Transactional
    boolean enqueue(String dedupKey, MailKind kind, String recipient, RenderedMail mail, String unsubscribeUrl) {
        OffsetDateTime now = at(Instant.now());
        return jdbc.sql("""
                                INSERT INTO email_message (id, dedup_key, kind, recipient, subject, text_body, html_body,
                                                           unsubscribe_url, status, attempts, next_attempt_at, created_at)
                                VALUES (:id, :key, :kind, :recipient, :subject, :text, :html, :unsubscribe, 'PENDING', 0,
                                        :now, :now)
                                ON CONFLICT (dedup_key) DO NOTHING
                                """)
                        .param("id", UUID.randomUUID())
                        .param("key", dedupKey)
                        .param("kind", kind.name())
                        .param("recipient", recipient)
                        .param("subject", mail.subject())
                        .param("text", mail.text())
                        .param("html", mail.html())
                        .param("unsubscribe", unsubscribeUrl)
                        .param("now", now)
                        .update()
                > 0;
    }

    /** Whether a mail with this key was ever queued: lets callers skip rendering one that would be dropped. */
    boolean exists(String dedupKey) {
        return jdbc.sql("SELECT count(*) FROM email_message WHERE dedup_key = ?")
                        .param(dedupKey)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * Moves up to {@code limit} due mails to SENDING and counts the attempt before it is made. {@code SKIP LOCKED}
     * lets several instances claim side by side.
     */
    @Transactional
    List<QueuedMail> claimDue(int limit, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                        UPDATE email_message m SET status = 'SENDING', attempts = m.attempts + 1, lease_until = :lease
                        WHERE m.id IN (
                            SELECT c.id FROM email_message c
                            WHERE c.status = 'PENDING' AND c.next_attempt_at <= :now
                            ORDER BY c.next_attempt_at
                            LIMIT :limit
                            FOR UPDATE SKIP LOCKED)
                        RETURNING m.id, m.dedup_key, m.kind, m.recipient, m.subject, m.text_body, m.html_body,
                                  m.unsubscribe_url, m.attempts
                        """)
                .param("lease", at(leaseUntil))
                .param("now", at(now))
                .param("limit", limit)
                .query((rs, row) -> new QueuedMail(
                        rs.getObject("id", UUID.class),
                        rs.getString("dedup_key"),
                        MailKind.valueOf(rs.getString("kind")),
                        rs.getString("recipient"),
                        rs.getString("subject"),
                        rs.getString("text_body"),
                        rs.getString("html_body"),
                        rs.getString("unsubscribe_url"),
                        rs.getInt("attempts")))
                .list();
    }

    /** @return the keys of mails whose send was interrupted (the instance died mid-call); they are not resent */
    @Transactional
    List<String> abandonInterrupted(Instant now) {
        return jdbc.sql("""
                        UPDATE email_message SET status = 'FAILED', lease_until = NULL, completed_at = :now,
                               last_error = 'interrupted while SES was being called; not sent again, so that the '
                                            || 'recipient never gets it twice'
                        WHERE status = 'SENDING' AND lease_until < :now
                        RETURNING dedup_key
                        """).param("now", at(now)).query(String.class).list();
    }

    void sent(QueuedMail mail, String sesMessageId) {
        finish(mail, "SENT", null, sesMessageId);
    }

    void failed(QueuedMail mail, String error) {
        finish(mail, "FAILED", error, null);
    }

    void suppressed(QueuedMail mail) {
        finish(mail, "SUPPRESSED", "the address is on the suppression list", null);
    }

    void retryAt(QueuedMail mail, String error, Instant next) {
        jdbc.sql("""
                        UPDATE email_message SET status = 'PENDING', lease_until = NULL, last_error = ?, next_attempt_at = ?
                        WHERE id = ? AND status = 'SENDING'
                        """).params(truncate(error), at(next), mail.id()).update();
    }

    private void finish(QueuedMail mail, String status, String error, String sesMessageId) {
        jdbc.sql("""
                        UPDATE email_message SET status = ?, lease_until = NULL, last_error = ?, ses_message_id = ?,
                                                 completed_at = ?
                        WHERE id = ? AND status = 'SENDING'
                        """)
                .params(status, truncate(error), sesMessageId, at(Instant.now()), mail.id())
                .update();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
