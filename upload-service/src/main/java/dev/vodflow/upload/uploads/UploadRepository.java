package dev.vodflow.upload.uploads;

import dev.vodflow.events.VideoUploaded.Origin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.repository.ListCrudRepository;

interface UploadRepository extends ListCrudRepository<Upload, String> {

    Optional<Upload> findByIdAndOwnerId(String id, String ownerId);

    List<Upload> findByOwnerIdOrderByCreatedAtDesc(String ownerId, Limit limit);

    Optional<Upload> findFirstByObjectKeyAndOrigin(String objectKey, Origin origin);

    Optional<Upload> findByEventId(String eventId);

    List<Upload> findByStateAndExpiresAtBeforeOrderByExpiresAt(UploadState state, Instant now, Limit limit);
}
