package dev.vodflow.notification.delivery;

import dev.vodflow.notification.InvalidField;
import dev.vodflow.notification.webhook.Webhooks;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /webhooks/{id}/deliveries}: what was sent to one of the caller's endpoints and what came back. */
@RestController
class DeliveryLogController {

    private static final int MAX_LIMIT = 200;

    private final Webhooks webhooks;
    private final Deliveries deliveries;

    DeliveryLogController(Webhooks webhooks, Deliveries deliveries) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    @GetMapping("/webhooks/{id}/deliveries")
    List<Deliveries.DeliveryLogEntry> deliveries(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable UUID id,
            @RequestParam(name = "limit", defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        webhooks.get(jwt.getSubject(), id); // 404 unless the caller owns it
        return deliveries.log(id, limit);
    }
}
