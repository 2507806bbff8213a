package dev.vodflow.ops;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * This instance's Kafka consumers, stopped while its group is replayed and started again after: spring-kafka's
 * listener containers and Spring Cloud Stream's input bindings, whichever the service has.
 */
final class Consumers {

    private final List<SmartLifecycle> lifecycles;

    Consumers(List<SmartLifecycle> lifecycles) {
        this.lifecycles = List.copyOf(lifecycles);
    }

    /** Runs {@code work} with the consumers stopped; those that ran are started again whatever happens. */
    <T> T whileStopped(java.util.function.Supplier<T> work) {
        List<SmartLifecycle> stopped = new ArrayList<>();
        try {
            for (SmartLifecycle lifecycle : lifecycles) {
                if (lifecycle.isRunning()) {
                    lifecycle.stop();
                    stopped.add(lifecycle);
                }
            }
            return work.get();
        } finally {
            stopped.forEach(SmartLifecycle::start);
        }
    }
}
