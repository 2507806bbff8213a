package dev.vodflow.localaws.medialive;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The epoch-locked numbering every pipeline of a broadcast shares: the segment that starts at epoch millisecond
 * {@code b} (a multiple of the segment length) gets the same media sequence number and program date-time in every
 * pipeline, whichever pipeline cut it and whenever that pipeline started.
 *
 * <p>A broadcast is one period per publisher connection. The first period numbers segments {@code b / length}
 * (sequence = floor(epochMillis / segmentMillis)); a publisher that reconnects within the grace period opens a new
 * period whose first whole segment continues the numbering with no gap, after an {@code EXT-X-DISCONTINUITY}: its
 * date-time jumps forward by the outage, its sequence does not. A period holds only whole segments: the first one
 * starts on the first boundary after the period's first frame, the last one ends on the last boundary before its
 * last frame.
 */
final class Timeline {

    private record Period(long start, long firstSequence, long end) {}

    private final long length;
    private final List<Period> periods = new ArrayList<>();

    Timeline(long segmentMillis) {
        this.length = segmentMillis;
    }

    long segmentMillis() {
        return length;
    }

    long boundaryAtOrBefore(long epochMillis) {
        return Math.floorDiv(epochMillis, length) * length;
    }

    /** A publisher's first frame a decoder can start from is at {@code epochMillis}. */
    synchronized void open(long epochMillis) {
        long start = boundaryAtOrBefore(epochMillis) + length;
        long first = start / length;
        if (!periods.isEmpty()) {
            Period previous = periods.remove(periods.size() - 1);
            if (previous.end == Long.MAX_VALUE) {
                // never closed (its publisher's end went unnoticed): it ended where this one starts
                previous = new Period(previous.start, previous.firstSequence, Math.max(previous.start, start - length));
            }
            long whole = Math.max(0, (previous.end - previous.start) / length);
            if (whole > 0) {
                periods.add(previous);
            }
            first = previous.firstSequence + whole;
        }
        periods.add(new Period(start, first, Long.MAX_VALUE));
    }

    /** The publisher's last frame of the current period was at {@code epochMillis}. */
    synchronized void close(long epochMillis) {
        if (periods.isEmpty()) {
            return;
        }
        Period last = periods.get(periods.size() - 1);
        if (last.end == Long.MAX_VALUE) {
            periods.set(
                    periods.size() - 1,
                    new Period(last.start, last.firstSequence, Math.max(last.start, boundaryAtOrBefore(epochMillis))));
        }
    }

    /** The media sequence number of the whole segment starting at {@code boundary}, if that is one. */
    synchronized OptionalLong sequence(long boundary) {
        for (Period period : periods) {
            if (boundary >= period.start && boundary < period.end && (boundary - period.start) % length == 0) {
                return OptionalLong.of(period.firstSequence + (boundary - period.start) / length);
            }
        }
        return OptionalLong.empty();
    }

    /** Whether the segment numbered {@code sequence} follows a reconnect (is preceded by a discontinuity). */
    synchronized boolean startsPeriodAfterReconnect(long sequence) {
        for (int i = 1; i < periods.size(); i++) {
            if (periods.get(i).firstSequence == sequence) {
                return true;
            }
        }
        return false;
    }

    /** How many discontinuities precede the segment numbered {@code sequence}: its discontinuity sequence. */
    synchronized int discontinuitiesThrough(long sequence) {
        int count = 0;
        for (int i = 1; i < periods.size(); i++) {
            if (periods.get(i).firstSequence <= sequence) {
                count++;
            }
        }
        return count;
    }

    /** The first whole segment of the broadcast, or empty before it has one. */
    synchronized OptionalLong firstSequence() {
        return periods.isEmpty() ? OptionalLong.empty() : OptionalLong.of(periods.get(0).firstSequence);
    }
}
