package dev.vodflow.notification.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own subscriptions; the JWT subject is the owner. */
@RestController
@RequestMapping("/webhooks")
class WebhookController {

    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping
    ResponseEntity<CreatedWebhook> register(@AuthenticationPrincipal Jwt jwt, @RequestBody WebhookRequest request) {
        Webhook webhook =
                webhooks.register(jwt.getSubject(), request.url(), request.eventTypes(), request.description());
        return ResponseEntity.created(URI.create("/webhooks/" + webhook.id()))
                .body(new CreatedWebhook(WebhookView.of(webhook), webhook.secret()));
    }

    @GetMapping
    List<WebhookView> list(@AuthenticationPrincipal Jwt jwt) {
        return webhooks.list(jwt.getSubject()).stream().map(WebhookView::of).toList();
    }

    @GetMapping("/{id}")
    WebhookView get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return WebhookView.of(webhooks.get(jwt.getSubject(), id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        webhooks.delete(jwt.getSubject(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/secret/rotate")
    RotatedSecret rotate(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        Webhook webhook = webhooks.rotateSecret(jwt.getSubject(), id);
        return new RotatedSecret(webhook.secret(), webhook.previousSecretExpiresAt());
    }

    @PostMapping("/{id}/enable")
    WebhookView enable(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return WebhookView.of(webhooks.enable(jwt.getSubject(), id));
    }

    record WebhookRequest(String url, List<String> eventTypes, String description) {}

    /** The only response that carries the secret: it is shown once. */
    record CreatedWebhook(WebhookView webhook, String secret) {}

    record RotatedSecret(String secret, Instant previousSecretValidUntil) {}

    record WebhookView(
            UUID id,
            String url,
            List<String> eventTypes,
            String description,
            WebhookStatus status,
            String disabledReason,
            Instant disabledAt,
            Instant createdAt,
            Instant previousSecretValidUntil) {

        static WebhookView of(Webhook webhook) {
            return new WebhookView(
                    webhook.id(),
                    webhook.url(),
                    webhook.eventTypes(),
                    webhook.description(),
                    webhook.status(),
                    webhook.disabledReason(),
                    webhook.disabledAt(),
                    webhook.createdAt(),
                    webhook.previousSecretExpiresAt());
        }
    }
}
