package dev.vodflow.notification.profile;

import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own e-mail settings; the JWT subject is the user. */
@RestController
@RequestMapping("/profile/email")
class ProfileController {

    private final EmailProfiles profiles;

    ProfileController(EmailProfiles profiles) {
        this.profiles = profiles;
    }

    @GetMapping
    ProfileView get(@AuthenticationPrincipal Jwt jwt) {
        return ProfileView.of(profiles.findOrDefault(jwt.getSubject()));
    }

    @PutMapping
    ProfileView update(@AuthenticationPrincipal Jwt jwt, @RequestBody ProfileRequest request) {
        return ProfileView.of(
                profiles.update(jwt.getSubject(), request.address(), request.locale(), request.videoMail()));
    }

    @DeleteMapping("/address")
    ResponseEntity<Void> removeAddress(@AuthenticationPrincipal Jwt jwt) {
        profiles.removeAddress(jwt.getSubject());
        return ResponseEntity.noContent().build();
    }

    record ProfileRequest(String address, String locale, Boolean videoMail) {}

    record ProfileView(String address, String locale, boolean videoMail, Instant updatedAt) {

        static ProfileView of(EmailProfile profile) {
            return new ProfileView(profile.address(), profile.locale(), profile.videoMail(), profile.updatedAt());
        }
    }
}
