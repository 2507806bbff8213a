package dev.vodflow.notification.profile;

import dev.vodflow.notification.InvalidField;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The rules of a user's e-mail settings: what address and language are accepted, how opting out works. */
@Service
public class EmailProfiles {

    /** The languages mail templates exist in; the first is the default. */
    public static final List<String> LOCALES = List.of("en", "de");

    private static final int MAX_ADDRESS = 254;
    /**
     * Deliberately plain: one {@code @}, no spaces or angle brackets (so the address cannot smuggle a display name or
     * a second recipient), a dot in the domain. Whether the mailbox exists is for SES's bounce feedback to say.
     */
    private static final Pattern ADDRESS =
            Pattern.compile("[^@\\s<>,;\"()\\[\\]\\\\]+@[^@\\s<>,;\"()\\[\\]\\\\]+\\.[^@\\s<>,;\"()\\[\\]\\\\.]+");

    private final JdbcClient jdbc;

    EmailProfiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<EmailProfile> find(String ownerId) {
        return jdbc.sql(
                        "SELECT owner_id, address, locale, video_mail, updated_at FROM email_profile WHERE owner_id = ?")
                .param(ownerId)
                .query(EmailProfiles::row)
                .optional();
    }

    /** The profile of a user who never set one: no address, the default language, opted in once they give one. */
    public EmailProfile findOrDefault(String ownerId) {
        return find(ownerId).orElse(new EmailProfile(ownerId, null, LOCALES.get(0), true, null));
    }

    /**
     * Sets the address, language and opt-in; a {@code null} field keeps its current value, so a client can change one
     * without knowing the others.
     */
    @Transactional
    public EmailProfile update(String ownerId, String address, String locale, Boolean videoMail) {
        EmailProfile current = findOrDefault(ownerId);
        String newAddress = address == null ? current.address() : checkedAddress(address);
        String newLocale = locale == null ? current.locale() : checkedLocale(locale);
        boolean newVideoMail = videoMail == null ? current.videoMail() : videoMail;
        jdbc.sql("""
                        INSERT INTO email_profile (owner_id, address, locale, video_mail, updated_at)
                        VALUES (:owner, :address, :locale, :videoMail, :now)
                        ON CONFLICT (owner_id) DO UPDATE SET address = :address, locale = :locale,
                                                             video_mail = :videoMail, updated_at = :now
                        """)
                .param("owner", ownerId)
                .param("address", newAddress)
                .param("locale", newLocale)
                .param("videoMail", newVideoMail)
                .param("now", Instant.now().atOffset(ZoneOffset.UTC))
                .update();
        return find(ownerId).orElseThrow();
    }

    /** Forgets the address; no mail goes out until the user gives one again. */
    @Transactional
    public void removeAddress(String ownerId) {
        jdbc.sql("UPDATE email_profile SET address = NULL, updated_at = ? WHERE owner_id = ?")
                .params(Instant.now().atOffset(ZoneOffset.UTC), ownerId)
                .update();
    }

    /** The unsubscribe link's effect: no more mail about the user's videos. Idempotent. */
    @Transactional
    public void optOut(String ownerId) {
        update(ownerId, null, null, false);
    }

    static String checkedAddress(String address) {
        if (address.indexOf('\0') >= 0) {
            throw new InvalidField("address", "must not contain the NUL character (U+0000)");
        }
        String trimmed = address.trim();
        if (trimmed.isEmpty()
                || trimmed.length() > MAX_ADDRESS
                || !ADDRESS.matcher(trimmed).matches()) {
            throw new InvalidField(
                    "address",
                    "must be a plain e-mail address like name@example.com (at most " + MAX_ADDRESS
                            + " characters, no display name), was '" + address + "'");
        }
        return trimmed;
    }

    static String checkedLocale(String locale) {
        String normalised = locale.trim().toLowerCase(Locale.ROOT);
        if (!LOCALES.contains(normalised)) {
            throw new InvalidField("locale", "must be one of " + LOCALES + ", was '" + locale + "'");
        }
        return normalised;
    }

    private static EmailProfile row(ResultSet rs, int row) throws SQLException {
        Timestamp updated = rs.getTimestamp("updated_at");
        return new EmailProfile(
                rs.getString("owner_id"),
                rs.getString("address"),
                rs.getString("locale"),
                rs.getBoolean("video_mail"),
                updated == null ? null : updated.toInstant());
    }
}
