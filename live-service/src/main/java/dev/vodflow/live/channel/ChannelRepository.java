package dev.vodflow.live.channel;

import java.util.List;
import org.springframework.data.repository.ListCrudRepository;

interface ChannelRepository extends ListCrudRepository<Channel, String> {

    List<Channel> findByOwnerIdOrderByCreatedAtDesc(String ownerId);

    List<Channel> findByRecordingState(RecordingState recordingState);
}
