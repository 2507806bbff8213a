package dev.vodflow.notification.webhook;

import dev.vodflow.events.EventIds;
import dev.vodflow.events.EventType;
import dev.vodflow.notification.InvalidField;
import dev.vodflow.notification.NotFound;
import dev.vodflow.notification.egress.EgressRefused;
import dev.vodflow.notification.egress.EndpointGuard;
import dev.vodflow.notification.stream.OwnerStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The rules of subscriptions: what may be registered, how secrets rotate, when an endpoint is switched off. */
@Service
public class Webhooks {

    /** The event types a subscription may ask for: the topic names. */
    public static final Set<String> EVENT_TYPES = Arrays.stream(EventType.values())
            .map(EventType::topic)
            .collect(Collectors.toCollection(LinkedHashSet::new));

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    private static final int MAX_DESCRIPTION = 500;

    private final WebhookRepository repository;
    private final EndpointGuard guard;
    private final WebhookProperties properties;
    private final OwnerStream ownerStream;
    private final ApplicationEventPublisher events;

    Webhooks(
            WebhookRepository repository,
            EndpointGuard guard,
            WebhookProperties properties,
            OwnerStream ownerStream,
            ApplicationEventPublisher events) {
        this.repository = repository;
        this.guard = guard;
        this.properties = properties;
        this.ownerStream = ownerStream;
        this.events = events;
    }

    @Transactional
    public Webhook register(String ownerId, String url, List<String> eventTypes, String description) {
        try {
            guard.checkUrl(url);
        } catch (EgressRefused e) {
            throw new InvalidField("url", e.getMessage());
        }
        if (eventTypes == null || eventTypes.isEmpty()) {
            throw new InvalidField("eventTypes", "must name at least one of " + EVENT_TYPES);
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : eventTypes) {
            if (type == null || !EVENT_TYPES.contains(type)) {
                throw new InvalidField("eventTypes", "contains '" + type + "', which is not one of " + EVENT_TYPES);
            }
            types.add(type);
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new InvalidField("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (description != null && description.indexOf('\0') >= 0) {
            throw new InvalidField("description", "must not contain the NUL character (U+0000)");
        }
        if (repository.countByOwnerId(ownerId) >= properties.maxPerOwner()) {
            throw new InvalidField(
                    "url", "cannot be registered: an owner may have at most " + properties.maxPerOwner() + " webhooks");
        }
        return repository.save(
                Webhook.create(ownerId, url.trim(), List.copyOf(types), description, WebhookSecrets.generate()));
    }

    public List<Webhook> list(String ownerId) {
        return repository.findByOwnerIdOrderByCreatedAt(ownerId);
    }

    public Webhook get(String ownerId, UUID id) {
        return repository.findByIdAndOwnerId(id, ownerId).orElseThrow(() -> new NotFound("webhook " + id));
    }

    @Transactional
    public void delete(String ownerId, UUID id) {
        repository.delete(get(ownerId, id));
    }

    /** A new secret; the old one keeps signing for the grace period, so both signatures go out meanwhile. */
    @Transactional
    public Webhook rotateSecret(String ownerId, UUID id) {
        Webhook webhook = get(ownerId, id);
        return repository.save(
                webhook.rotated(WebhookSecrets.generate(), Instant.now().plus(properties.secretRotationGrace())));
    }

    @Transactional
    public Webhook enable(String ownerId, UUID id) {
        Webhook webhook = get(ownerId, id);
        return webhook.active() ? webhook : repository.save(webhook.enabled());
    }

    public Optional<Webhook> find(UUID id) {
        return repository.findById(id);
    }

    public List<Webhook> subscribers(String ownerId, String eventType) {
        return repository.findActiveSubscribers(ownerId, eventType);
    }

    /** The active endpoints of these owners, whatever they subscribe to: one query for a batch of events. */
    public List<Webhook> activeOf(Collection<String> ownerIds) {
        return ownerIds.isEmpty() ? List.of() : repository.findActiveOf(ownerIds);
    }

    /**
     * Switches an endpoint off and tells its owner: a {@code webhook.disabled} event on the owner's live stream
     * (kept in the stream history, so a browser that connects later with Last-Event-ID still sees it), the reason on
     * the subscription itself ({@code GET /webhooks/{id}}), and a warning in the log.
     */
    @Transactional
    public void disable(UUID id, String reason) {
        for (int tries = 0; tries < 3; tries++) {
            Optional<Webhook> current = repository.findById(id);
            if (current.isEmpty() || !current.get().active()) {
                return;
            }
            Instant now = Instant.now();
            try {
                Webhook disabled = repository.save(current.get().disabled(reason, now));
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("webhookId", id.toString());
                data.put("url", disabled.url());
                data.put("reason", reason);
                data.put("disabledAt", now.toString());
                ownerStream.append(
                        disabled.ownerId(),
                        EventIds.nameBased("webhook.disabled", id.toString(), now.toString()),
                        "webhook.disabled",
                        data);
                log.warn("Disabled webhook {} of owner {} ({}): {}", id, disabled.ownerId(), disabled.url(), reason);
                // Operators hear of it by e-mail (dev.vodflow.notification.email), queued in this transaction.
                events.publishEvent(new WebhookDisabled(id, disabled.ownerId(), disabled.url(), reason, now));
                return;
            } catch (OptimisticLockingFailureException e) {
                // Someone else changed it meanwhile (a rotation, another worker's disable): read again.
            }
        }
    }
}
