package dev.vodflow.notification.email;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Addresses that get no more mail: a permanent bounce, a complaint, or an operator's unsubscribe. */
@Repository
class Suppressions {

    enum Reason {
        BOUNCE,
        COMPLAINT,
        UNSUBSCRIBED
    }

    private final JdbcClient jdbc;

    Suppressions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The first reason is kept: a later bounce does not hide that the address once complained. */
    void suppress(String address, Reason reason, String detail) {
        jdbc.sql("""
                        INSERT INTO email_suppression (address, reason, detail, created_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (address) DO NOTHING
                        """)
                .params(normalise(address), reason.name(), detail, Instant.now().atOffset(ZoneOffset.UTC))
                .update();
    }

    boolean isSuppressed(String address) {
        return jdbc.sql("SELECT count(*) FROM email_suppression WHERE address = ?")
                        .param(normalise(address))
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** SES compares addresses case-insensitively in its own suppression list; so does this one. */
    static String normalise(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
