package dev.vodflow.notification.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.notification.InvalidField;
import org.junit.jupiter.api.Test;

class EmailProfilesTests {

    @Test
    void plainAddressesAreAcceptedTrimmed() {
        assertThat(EmailProfiles.checkedAddress(" alice@example.com ")).isEqualTo("alice@example.com");
        assertThat(EmailProfiles.checkedAddress("a.b+video@mail.example.co.uk"))
                .isEqualTo("a.b+video@mail.example.co.uk");
    }

    @Test
    void anythingThatCouldAddARecipientOrIsNoAddressIsRefusedNamingTheField() {
        for (String bad : new String[] {
            "",
            "alice",
            "alice@",
            "@example.com",
            "alice@localhost",
            "Alice <alice@example.com>",
            "alice@example.com, bob@example.com",
            "alice@example.com\r\nBcc: x@example.com",
            "a b@example.com",
            "x".repeat(250) + "@example.com"
        }) {
            assertThatThrownBy(() -> EmailProfiles.checkedAddress(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            InvalidField.class, e -> assertThat(e.field()).isEqualTo("address"));
        }
    }

    @Test
    void onlyLanguagesWithTemplatesAreAccepted() {
        assertThat(EmailProfiles.checkedLocale("DE")).isEqualTo("de");
        assertThatThrownBy(() -> EmailProfiles.checkedLocale("fr"))
                .isInstanceOf(InvalidField.class)
                .hasMessageContaining("[en, de]");
    }
}
