package dev.vodflow.live.channel;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface ChannelRepository extends ListCrudRepository<Channel, String> {

    List<Channel> findByOwnerIdOrderByCreatedAtDesc(String ownerId);

    List<Channel> findByRecordingState(RecordingState recordingState);

    /**
     * The channel if its recording is still awaited and no other transaction holds it, locked until this
     * transaction ends: of two watchers (two instances, or two runs) only one gets it, and the other sees the state
     * the first one left.
     */
    @Query("SELECT * FROM channel WHERE id = :id AND recording_state = 'PENDING' FOR UPDATE SKIP LOCKED")
    Optional<Channel> lockIfPending(String id);
}
