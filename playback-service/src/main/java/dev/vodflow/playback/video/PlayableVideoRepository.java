package dev.vodflow.playback.video;

import java.util.Optional;
import org.springframework.data.repository.Repository;

/** The projection's table, read whole; {@link Projection} writes it. */
public interface PlayableVideoRepository extends Repository<PlayableVideo, String> {

    Optional<PlayableVideo> findById(String videoId);
}
