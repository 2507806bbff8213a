package dev.vodflow.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Wires the shared observability parts into a service: consumer lag and Kafka health when it uses Kafka, queue depth
 * and health for the SQS queues named in {@code vodflow.observability.sqs-queues}, and the trace carrier.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration"
        })
@EnableConfigurationProperties(ObservabilityProperties.class)
public class ObservabilityAutoConfiguration {

    @Bean
    @ConditionalOnBean({Tracer.class, Propagator.class})
    @ConditionalOnMissingBean
    TraceCarrier traceCarrier(Tracer tracer, Propagator propagator) {
        return new TraceCarrier(tracer, propagator);
    }

    @Bean
    Refresher observabilityRefresher(ObservabilityProperties properties, ObjectProvider<Refreshable> sources) {
        return new Refresher(sources.orderedStream().toList(), properties);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Admin.class)
    static class KafkaObservability {

        @Bean(destroyMethod = "close")
        Admin observabilityKafkaAdmin(Environment environment, ObservabilityProperties properties) {
            return Admin.create(adminSettings(environment, properties));
        }

        @Bean
        HealthIndicator kafkaHealthIndicator(Admin observabilityKafkaAdmin, ObservabilityProperties properties) {
            return new KafkaHealth(observabilityKafkaAdmin, properties.timeout());
        }

        @Bean
        ConsumerLag consumerLag(
                Admin observabilityKafkaAdmin,
                ObservabilityProperties properties,
                Environment environment,
                MeterRegistry meters) {
            List<String> groups = properties.kafkaGroups().isEmpty()
                    ? List.of(environment.getRequiredProperty("spring.application.name"))
                    : properties.kafkaGroups();
            return new ConsumerLag(observabilityKafkaAdmin, groups, properties.timeout(), meters);
        }

        /**
         * The brokers the service's own clients use (the Stream binder's, else Spring Kafka's) with the same client
         * properties, so a secured cluster (TLS, SASL) is reached the same way.
         */
        static Map<String, Object> adminSettings(Environment environment, ObservabilityProperties properties) {
            Binder binder = Binder.get(environment);
            Map<String, Object> settings = new HashMap<>();
            binder.bind("spring.kafka.properties", Bindable.mapOf(String.class, String.class))
                    .ifBound(settings::putAll);
            binder.bind("spring.kafka.admin.properties", Bindable.mapOf(String.class, String.class))
                    .ifBound(settings::putAll);
            String brokers = environment.getProperty(
                    "spring.cloud.stream.kafka.binder.brokers",
                    environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092"));
            settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
            settings.put(
                    AdminClientConfig.CLIENT_ID_CONFIG,
                    environment.getProperty("spring.application.name", "vodflow") + "-observability");
            int timeout = (int) properties.timeout().toMillis();
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
            return settings;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext")
    static class KafkaRecordObservability {

        @Bean
        KafkaRecordVideo kafkaRecordVideo() {
            return new KafkaRecordVideo();
        }

        @Bean
        @ConditionalOnBean({Tracer.class, Propagator.class})
        @ConditionalOnMissingBean(org.springframework.kafka.listener.BatchInterceptor.class)
        KafkaBatchTrace kafkaBatchTrace(Propagator propagator) {
            return new KafkaBatchTrace(propagator);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SqsClient.class)
    static class SqsObservability {

        @Bean
        @ConditionalOnMissingBean
        SqsMessageAge sqsMessageAge(MeterRegistry meters) {
            return new SqsMessageAge(meters, Clock.systemUTC());
        }

        @Bean
        @ConditionalOnBean(SqsClient.class)
        @Conditional(SqsQueuesNamed.class)
        SqsQueues sqsQueues(SqsClient sqs, ObservabilityProperties properties, MeterRegistry meters) {
            return new SqsQueues(sqs, properties.sqsQueues(), meters);
        }

        @Bean
        @ConditionalOnBean(SqsQueues.class)
        CompositeHealthContributor sqsHealthContributor(SqsQueues sqsQueues) {
            return sqsQueues.health();
        }
    }

    /** Reads queue depth and consumer lag in the background, so a scrape never waits on SQS or the broker. */
    static class Refresher implements SmartLifecycle {

        private final List<Refreshable> tasks;
        private final ObservabilityProperties properties;
        private ScheduledExecutorService executor;

        Refresher(List<Refreshable> tasks, ObservabilityProperties properties) {
            this.tasks = List.copyOf(tasks);
            this.properties = properties;
        }

        @Override
        public synchronized void start() {
            if (tasks.isEmpty()) {
                return;
            }
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "observability-refresh");
                thread.setDaemon(true);
                return thread;
            });
            long period = properties.refresh().toMillis();
            executor.scheduleWithFixedDelay(
                    () -> tasks.forEach(Refreshable::refresh), 0, period, TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void stop() {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return executor != null;
        }
    }
}
