package dev.vodflow.catalog.video;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How common a piece of a search's words is among public titles, estimated from the newest {@value #TITLES} public
 * titles. The first search that finds the sample older than {@value #REFRESH_MINUTES} minutes reads it again; where
 * that read fails, the sample it has stays, and the next search tries again. The public search asks it for the rarest
 * word of a search ({@link #rarestWord}): where that word is rare among all public videos, the title's trigram index
 * is asked for it alone, and every other word is checked on the few titles it finds.
 *
 * <p>Why: the trigram index goes through the list of titles holding each of the search's trigrams to keep the titles
 * holding them all, so every common word of a search costs pages of its trigrams' long lists. With the benchmark's
 * 100,000 public videos, the index took 0.26 ms (7 pages) for {@code 54321}, 0.9 ms (53 pages) for {@code deo 54321},
 * 1.4 ms (89 pages) for {@code video 54321} and 4.9 ms (285 pages) for {@code Benchmark video 54321}: every title
 * holds {@code Benchmark} and {@code video}.
 *
 * <p>The estimate only steers the plan, never the result: the search still checks its whole pattern on every title
 * it returns. A word's count in the sample is at most the count of its rarest trigram, so a word of {@code n}
 * letters is estimated from the sample's counts of its {@code n - 2} trigrams; one of fewer than three letters has
 * none, and is never picked (the index cannot look it up alone).
 */
final class PublicTitleSample {

    /** The newest public titles the sample holds. */
    static final int TITLES = 5000;

    static final int REFRESH_MINUTES = 5;

    private static final long REFRESH_NANOS = REFRESH_MINUTES * 60_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(PublicTitleSample.class);

    private final JdbcClient jdbc;
    private final LongSupplier nanoTime;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Sample sample;

    PublicTitleSample(JdbcClient jdbc) {
        this(jdbc, System::nanoTime);
    }

    PublicTitleSample(JdbcClient jdbc, LongSupplier nanoTime) {
        this.jdbc = jdbc;
        this.nanoTime = nanoTime;
    }

    /**
     * A word of {@code query} (letters and digits, three or more) that about {@code maxMatches} public videos or fewer
     * hold, the rarest such if several do; empty when every word of three letters or more is more common than that,
     * or the search has none.
     */
    Optional<String> rarestWord(String query, long maxMatches) {
        List<String> words = words(query);
        if (words.isEmpty()) {
            return Optional.empty();
        }
        Sample current = current();
        String rarest = null;
        int fewest = Integer.MAX_VALUE;
        for (String word : words) {
            int count = current.upperCount(word.toLowerCase(Locale.ROOT));
            if (count < fewest) {
                fewest = count;
                rarest = word;
            }
        }
        // a sample of all the public videos counts exactly; otherwise scale its count up to all of them
        double matches = current.titles() == 0 ? 0 : (double) fewest * current.publicVideos() / current.titles();
        return matches <= maxMatches ? Optional.of(rarest) : Optional.empty();
    }

    /**
     * The runs of letters and digits of three characters or more in {@code query}, as written there: each is a piece
     * of the search itself, so a title that holds the search (case aside) holds each of them, however PostgreSQL folds
     * the case of other alphabets.
     */
    static List<String> words(String query) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= query.length(); i++) {
            boolean letter = i < query.length() && Character.isLetterOrDigit(query.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                if (i - start >= 3) {
                    words.add(query.substring(start, i));
                }
                start = -1;
            }
        }
        return words;
    }

    private Sample current() {
        Sample current = sample;
        if (current == null) {
            synchronized (this) {
                if (sample == null) {
                    sample = read();
                }
                return sample;
            }
        }
        if (nanoTime.getAsLong() - current.readAt() > REFRESH_NANOS && refreshing.compareAndSet(false, true)) {
            try {
                sample = read(); // this search pays for it; the others meanwhile use the sample they have
            } catch (DataAccessException e) {
                // the sample only steers plans: keep the one there is, and let the next search try again
                log.warn(
                        "Could not read the public titles' sample again; searches keep the one of {} s ago: {}",
                        (nanoTime.getAsLong() - current.readAt()) / 1_000_000_000L,
                        e.getMessage());
            } finally {
                refreshing.set(false);
            }
        }
        return sample;
    }

    private Sample read() {
        long readAt = nanoTime.getAsLong();
        List<String> titles = jdbc.sql(VideoQueries.publicNewest("title", false, "titles"))
                .param("titles", TITLES)
                .query(String.class)
                .list();
        long publicVideos = titles.size() < TITLES
                ? titles.size()
                : jdbc.sql("SELECT count(*) FROM videos WHERE " + VideoQueries.publicAfter(false))
                        .query(Long.class)
                        .single();
        Map<String, Integer> trigrams = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (String title : titles) {
            String lower = title.toLowerCase(Locale.ROOT);
            seen.clear();
            for (int i = 0; i + 3 <= lower.length(); i++) {
                String trigram = lower.substring(i, i + 3);
                if (seen.add(trigram)) {
                    trigrams.merge(trigram, 1, Integer::sum);
                }
            }
        }
        return new Sample(trigrams, titles.size(), publicVideos, readAt);
    }

    /**
     * {@code trigrams}: for each three characters, how many of the sampled titles (lower-cased) hold them; {@code
     * titles}: how many titles were sampled, of {@code publicVideos}.
     */
    private record Sample(Map<String, Integer> trigrams, int titles, long publicVideos, long readAt) {

        /** At most how many sampled titles hold {@code word}: as many as hold its rarest trigram. */
        int upperCount(String word) {
            int count = Integer.MAX_VALUE;
            for (int i = 0; i + 3 <= word.length(); i++) {
                count = Math.min(count, trigrams.getOrDefault(word.substring(i, i + 3), 0));
            }
            return count;
        }
    }
}
