package dev.vodflow.notification.webhook;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface WebhookRepository extends ListCrudRepository<Webhook, UUID> {

    List<Webhook> findByOwnerIdOrderByCreatedAt(String ownerId);

    Optional<Webhook> findByIdAndOwnerId(UUID id, String ownerId);

    long countByOwnerId(String ownerId);

    @Query("SELECT * FROM webhook WHERE owner_id = :ownerId AND status = 'ACTIVE' AND :eventType = ANY(event_types)")
    List<Webhook> findActiveSubscribers(String ownerId, String eventType);

    @Query("SELECT * FROM webhook WHERE owner_id IN (:ownerIds) AND status = 'ACTIVE'")
    List<Webhook> findActiveOf(Collection<String> ownerIds);
}
