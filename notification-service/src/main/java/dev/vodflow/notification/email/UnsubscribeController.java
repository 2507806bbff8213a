package dev.vodflow.notification.email;

import dev.vodflow.notification.profile.EmailProfiles;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /email/unsubscribe?token=...}, the link in every mail; it needs no login (the signed token says who).
 * {@code GET} shows a confirmation page and changes nothing, because mail scanners open links; {@code POST} (the
 * page's button, or a mail client's RFC 8058 one-click request) unsubscribes. Both are idempotent.
 */
@RestController
class UnsubscribeController {

    static final String PATH = "/email/unsubscribe";

    private final UnsubscribeTokens tokens;
    private final EmailProfiles profiles;
    private final Suppressions suppressions;
    private final MailTemplates templates;

    UnsubscribeController(
            UnsubscribeTokens tokens, EmailProfiles profiles, Suppressions suppressions, MailTemplates templates) {
        this.tokens = tokens;
        this.profiles = profiles;
        this.suppressions = suppressions;
        this.templates = templates;
    }

    @GetMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> confirm(@RequestParam(name = "token", required = false) String token) {
        Optional<UnsubscribeTokens.Recipient> recipient = tokens.verify(token);
        if (recipient.isEmpty()) {
            return invalid();
        }
        Locale locale = locale(recipient.get());
        Map<String, Object> model = new HashMap<>();
        model.put(
                "message",
                recipient.get() instanceof UnsubscribeTokens.Operator operator
                        ? BundleMessages.message(locale, "unsubscribe.confirm.operator", operator.address())
                        : BundleMessages.message(locale, "unsubscribe.confirm.user"));
        model.put("token", token);
        // Relative, so the form posts back through whatever gateway path the link came in by.
        model.put("action", "unsubscribe");
        return page(HttpStatus.OK, locale, model);
    }

    @PostMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
    @Transactional
    ResponseEntity<String> unsubscribe(@RequestParam(name = "token", required = false) String token) {
        Optional<UnsubscribeTokens.Recipient> recipient = tokens.verify(token);
        if (recipient.isEmpty()) {
            return invalid();
        }
        Locale locale = locale(recipient.get());
        String message;
        if (recipient.get() instanceof UnsubscribeTokens.Operator operator) {
            suppressions.suppress(operator.address(), Suppressions.Reason.UNSUBSCRIBED, "unsubscribe link");
            message = BundleMessages.message(locale, "unsubscribe.done.operator", operator.address());
        } else {
            profiles.optOut(((UnsubscribeTokens.User) recipient.get()).ownerId());
            message = BundleMessages.message(locale, "unsubscribe.done.user");
        }
        Map<String, Object> model = new HashMap<>();
        model.put("message", message);
        return page(HttpStatus.OK, locale, model);
    }

    private Locale locale(UnsubscribeTokens.Recipient recipient) {
        if (recipient instanceof UnsubscribeTokens.User user) {
            return profiles.findOrDefault(user.ownerId()).language();
        }
        return Locale.ENGLISH;
    }

    private ResponseEntity<String> invalid() {
        Map<String, Object> model = new HashMap<>();
        model.put("message", BundleMessages.message(Locale.ENGLISH, "unsubscribe.invalid"));
        return page(HttpStatus.BAD_REQUEST, Locale.ENGLISH, model);
    }

    private ResponseEntity<String> page(HttpStatus status, Locale locale, Map<String, Object> model) {
        return ResponseEntity.status(status)
                .contentType(MediaType.TEXT_HTML)
                .body(templates.page("unsubscribe-page", locale, model));
    }
}
