package dev.vodflow.catalog.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescedReadsTests {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<List<String>> loads = new CopyOnWriteArrayList<>();
    private final List<Integer> sizes = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstLoadMayEnd = new CountDownLatch(1);

    @AfterEach
    void stop() throws InterruptedException {
        firstLoadMayEnd.countDown();
        callers.shutdownNow();
        assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Every key's value is the key upper-cased, except keys starting with "missing". */
    private Map<String, String> load(List<String> keys) {
        loads.add(keys);
        Map<String, String> values = new HashMap<>();
        keys.stream().filter(key -> !key.startsWith("missing")).forEach(key -> values.put(key, key.toUpperCase()));
        return values;
    }

    /** Like {@link #load}, but the first load waits for {@link #firstLoadMayEnd}. */
    private Map<String, String> blockingFirst(List<String> keys) {
        if (loads.isEmpty()) {
            loads.add(keys);
            await(firstLoadMayEnd);
            Map<String, String> values = new HashMap<>();
            keys.forEach(key -> values.put(key, key.toUpperCase()));
            return values;
        }
        return load(keys);
    }

    @Test
    void aLoneCallerReadsItsKeyAtOnce() {
        CoalescedReads<String, String> reads = new CoalescedReads<>(this::load, 64, 1, sizes::add);

        assertThat(reads.get("a")).isEqualTo("A");
        assertThat(reads.get("missing-b")).isNull();
        assertThat(loads).containsExactly(List.of("a"), List.of("missing-b"));
    }

    @Test
    void callersArrivingDuringALoadAreReadTogetherByTheNextOne() throws Exception {
        CoalescedReads<String, String> reads = new CoalescedReads<>(this::blockingFirst, 64, 1, sizes::add);
        List<String> keys = List.of("k1", "k2", "k3", "k2", "k4", "k5", "k6", "k7");
        Future<String> first = callers.submit(() -> reads.get("first"));
        List<Future<String>> queued = queueBehindFirstLoad(reads, keys);

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        for (int i = 0; i < keys.size(); i++) {
            assertThat(queued.get(i).get(10, TimeUnit.SECONDS))
                    .isEqualTo(keys.get(i).toUpperCase());
        }
        assertThat(loads).hasSize(2);
        assertThat(loads.get(1))
                .as("one load for every caller that queued meanwhile, each key once")
                .containsExactlyInAnyOrder("k1", "k2", "k3", "k4", "k5", "k6", "k7");
        assertThat(sizes).as("callers served by each load").containsExactly(1, 8);
    }

    @Test
    void noLoadGetsMoreThanTheBatchAndEveryCallerIsAnswered() throws Exception {
        CoalescedReads<String, String> reads = new CoalescedReads<>(this::blockingFirst, 3, 1, sizes::add);
        Future<String> first = callers.submit(() -> reads.get("first"));
        List<Future<String>> queued = queueBehindFirstLoad(
                reads, IntStream.range(0, 10).mapToObj(i -> "k" + i).toList());

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        for (int i = 0; i < 10; i++) {
            assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("K" + i);
        }
        assertThat(loads.subList(1, loads.size()))
                .allSatisfy(load -> assertThat(load).hasSizeLessThanOrEqualTo(3));
        assertThat(loads.stream().mapToInt(List::size).sum()).isEqualTo(11);
    }

    @Test
    void everyCallerOfAFailedLoadGetsTheFailureAndLaterCallsRead() throws Exception {
        RuntimeException down = new IllegalStateException("database down");
        CountDownLatch failing = new CountDownLatch(1);
        Function<List<String>, Map<String, String>> flaky = keys -> {
            if (loads.isEmpty()) {
                return blockingFirst(keys);
            }
            if (failing.getCount() > 0) {
                failing.countDown();
                loads.add(keys);
                throw down;
            }
            return load(keys);
        };
        CoalescedReads<String, String> reads = new CoalescedReads<>(flaky, 64, 1, sizes::add);
        Future<String> first = callers.submit(() -> reads.get("first"));
        List<Future<String>> queued = queueBehindFirstLoad(reads, List.of("a", "b"));
        Future<String> a = queued.get(0);
        Future<String> b = queued.get(1);

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        for (Future<String> failed : List.of(a, b)) {
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCause(down);
        }
        assertThat(loads.get(1)).containsExactlyInAnyOrder("a", "b");
        assertThat(reads.get("c")).isEqualTo("C");
    }

    @Test
    void noCallerIsLeftWaitingWhenALoadBreaksItsContract() throws Exception {
        Function<List<String>, Map<String, String>> broken = keys -> loads.isEmpty() ? blockingFirst(keys) : null;
        CoalescedReads<String, String> reads = new CoalescedReads<>(broken, 64, 1, sizes::add);
        Future<String> first = callers.submit(() -> reads.get("first"));
        List<Future<String>> queued = queueBehindFirstLoad(reads, List.of("a", "b", "c"));

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        for (Future<String> failed : queued) {
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void aCallerInterruptedWhileItWaitsStillGetsItsValueAndKeepsTheFlag() throws Exception {
        CoalescedReads<String, String> reads = new CoalescedReads<>(this::blockingFirst, 64, 1, sizes::add);
        Future<String> first = callers.submit(() -> reads.get("first"));
        awaitLoads(1);
        CountDownLatch answered = new CountDownLatch(1);
        List<Object> seen = new CopyOnWriteArrayList<>();
        Thread waiter = new Thread(() -> {
            seen.add(reads.get("a"));
            seen.add(Thread.currentThread().isInterrupted());
            answered.countDown();
        });
        waiter.start();
        awaitParked(2);
        waiter.interrupt();
        firstLoadMayEnd.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("A", true);
    }

    @Test
    void refusesABatchOrSlotsBelowOne() {
        assertThatThrownBy(() -> new CoalescedReads<String, String>(this::load, 0, 1, sizes::add))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CoalescedReads<String, String>(this::load, 1, 0, sizes::add))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Once the first load (of the caller already submitted) holds the only slot, submits a caller for each key, waits
     * until all of them wait in {@link CoalescedReads#get}, and lets the first load end.
     */
    private List<Future<String>> queueBehindFirstLoad(CoalescedReads<String, String> reads, List<String> keys)
            throws InterruptedException {
        awaitLoads(1);
        List<Future<String>> queued = new ArrayList<>();
        for (String key : keys) {
            queued.add(callers.submit(() -> reads.get(key)));
        }
        awaitParked(keys.size() + 1);
        firstLoadMayEnd.countDown();
        return queued;
    }

    private void awaitLoads(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (loads.size() < count) {
            assertThat(System.nanoTime()).as("%d loads", count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /**
     * Waits until {@code count} threads are waiting in {@link CoalescedReads#get} (parked there, or in the first load's
     * wait), so that they have queued their keys.
     */
    private void awaitParked(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (waitingInGet() < count) {
            assertThat(System.nanoTime())
                    .as("%d callers waiting, %d seen", count, waitingInGet())
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static long waitingInGet() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> entry.getKey().getState() == Thread.State.WAITING
                        || entry.getKey().getState() == Thread.State.TIMED_WAITING)
                .filter(entry -> Arrays.stream(entry.getValue())
                        .anyMatch(frame -> frame.getClassName().equals(CoalescedReads.class.getName())
                                && frame.getMethodName().equals("get")))
                .count();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the first load end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
