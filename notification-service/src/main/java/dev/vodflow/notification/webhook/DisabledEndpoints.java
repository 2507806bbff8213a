package dev.vodflow.notification.webhook;

import dev.vodflow.observability.Refreshable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code vodflow.webhook.endpoints.disabled}: endpoints switched off after a 410 or a used-up retry schedule, whose
 * owners get no events until they enable them again (deploy/'s VodflowWebhookEndpointDisabled alert). Counted in the
 * background by platform/observability's refresher, so a scrape never waits on the database.
 */
@Component
class DisabledEndpoints implements Refreshable {

    private static final Logger log = LoggerFactory.getLogger(DisabledEndpoints.class);

    private final JdbcClient jdbc;
    private final AtomicLong disabled = new AtomicLong();

    DisabledEndpoints(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("vodflow.webhook.endpoints.disabled", disabled, AtomicLong::get)
                .description("Webhook endpoints disabled after failing deliveries")
                .register(meters);
    }

    @Override
    public void refresh() {
        try {
            disabled.set(jdbc.sql("SELECT count(*) FROM webhook WHERE status = ?")
                    .param(WebhookStatus.DISABLED.name())
                    .query(Long.class)
                    .single());
        } catch (RuntimeException e) {
            log.debug("disabled webhook endpoints not counted: {}", e.toString());
        }
    }
}
