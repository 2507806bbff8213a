package dev.vodflow.notification.profile;

import java.time.Instant;
import java.util.Locale;

/**
 * @param address {@code null} until the user gives one
 * @param videoMail whether the user wants mail about their own videos (ready, failed)
 */
public record EmailProfile(String ownerId, String address, String locale, boolean videoMail, Instant updatedAt) {

    /** Whether mail about the owner's videos may go out: an address and the opt-in. */
    public boolean wantsVideoMail() {
        return address != null && videoMail;
    }

    public Locale language() {
        return Locale.forLanguageTag(locale);
    }
}
