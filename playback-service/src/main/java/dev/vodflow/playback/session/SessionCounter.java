package dev.vodflow.playback.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * {@code vodflow.playback.sessions{outcome,reason}}: playback sessions issued, and refused with why (an invalid id, a
 * video not playable, a viewer not signed in), so a rise in refusals shows before viewers complain.
 */
class SessionCounter {

    private final MeterRegistry meters;

    SessionCounter(MeterRegistry meters) {
        this.meters = meters;
    }

    void issued() {
        count("issued", "none");
    }

    void refused(String reason) {
        count("refused", reason.toLowerCase(Locale.ROOT));
    }

    private void count(String outcome, String reason) {
        Counter.builder("vodflow.playback.sessions")
                .description("Playback sessions requested, by outcome")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(meters)
                .increment();
    }
}
