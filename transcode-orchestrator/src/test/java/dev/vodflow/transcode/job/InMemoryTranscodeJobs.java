package dev.vodflow.transcode.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.springframework.dao.DuplicateKeyException;

/** The attempts table in memory, with its unique (video, attempt) constraint; locks are no-ops. */
public class InMemoryTranscodeJobs implements TranscodeJobs {

    private final Map<Long, TranscodeJob> rows = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public synchronized <S extends TranscodeJob> S save(S job) {
        boolean clash = rows.values().stream()
                .anyMatch(r ->
                        !r.id().equals(job.id()) && r.videoId().equals(job.videoId()) && r.attempt() == job.attempt());
        if (clash) {
            throw new DuplicateKeyException("transcode_job_video_attempt");
        }
        TranscodeJob stored = job.id() != null ? job : withId(job, ids.incrementAndGet());
        rows.put(stored.id(), stored);
        @SuppressWarnings("unchecked")
        S result = (S) stored;
        return result;
    }

    private static TranscodeJob withId(TranscodeJob j, long id) {
        return new TranscodeJob(
                id,
                j.videoId(),
                j.attempt(),
                j.ownerId(),
                j.sourceBucket(),
                j.sourceKey(),
                j.uploadedEventId(),
                j.uploadedAt(),
                j.clientRequestToken(),
                j.jobId(),
                j.status(),
                j.percent(),
                j.phase(),
                j.sourceWidth(),
                j.sourceHeight(),
                j.durationMs(),
                j.errorCode(),
                j.errorMessage(),
                j.createdAt(),
                j.submittedAt(),
                j.lastEventAt(),
                j.finishedAt(),
                j.updatedAt());
    }

    @Override
    public List<TranscodeJob> findByVideoIdOrderByAttemptAsc(String videoId) {
        return rows.values().stream()
                .filter(r -> r.videoId().equals(videoId))
                .sorted(Comparator.comparingInt(TranscodeJob::attempt))
                .toList();
    }

    @Override
    public Optional<TranscodeJob> findLatest(String videoId) {
        List<TranscodeJob> all = findByVideoIdOrderByAttemptAsc(videoId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public Optional<TranscodeJob> lock(String videoId, int attempt) {
        return rows.values().stream()
                .filter(r -> r.videoId().equals(videoId) && r.attempt() == attempt)
                .findFirst();
    }

    @Override
    public Optional<TranscodeJob> lockByJobId(String jobId) {
        return rows.values().stream().filter(r -> jobId.equals(r.jobId())).findFirst();
    }

    @Override
    public List<TranscodeJob> findQuiet(Instant before, int limit) {
        return rows.values().stream()
                .filter(r -> !r.status().terminal() && r.lastHeardAt().isBefore(before))
                .limit(limit)
                .toList();
    }

    @Override
    public List<StatusCount> countByStatus() {
        return rows.values().stream()
                .collect(Collectors.groupingBy(TranscodeJob::status, Collectors.counting()))
                .entrySet()
                .stream()
                .map(e -> new StatusCount(e.getKey(), e.getValue()))
                .toList();
    }

    @Override
    public <S extends TranscodeJob> List<S> saveAll(Iterable<S> entities) {
        List<S> saved = new ArrayList<>();
        entities.forEach(e -> saved.add(save(e)));
        return saved;
    }

    @Override
    public Optional<TranscodeJob> findById(Long id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public boolean existsById(Long id) {
        return rows.containsKey(id);
    }

    @Override
    public List<TranscodeJob> findAll() {
        return List.copyOf(rows.values());
    }

    @Override
    public List<TranscodeJob> findAllById(Iterable<Long> ids) {
        return StreamSupport.stream(ids.spliterator(), false)
                .map(rows::get)
                .filter(r -> r != null)
                .toList();
    }

    @Override
    public long count() {
        return rows.size();
    }

    @Override
    public void deleteById(Long id) {
        rows.remove(id);
    }

    @Override
    public void delete(TranscodeJob entity) {
        rows.remove(entity.id());
    }

    @Override
    public void deleteAllById(Iterable<? extends Long> ids) {
        ids.forEach(rows::remove);
    }

    @Override
    public void deleteAll(Iterable<? extends TranscodeJob> entities) {
        entities.forEach(this::delete);
    }

    @Override
    public void deleteAll() {
        rows.clear();
    }
}
