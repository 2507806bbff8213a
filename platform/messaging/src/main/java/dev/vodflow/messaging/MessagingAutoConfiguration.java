package dev.vodflow.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a service needs to send and receive events, by depending on this module: the codec, the publisher
 * (as the service named by {@code spring.application.name}), the retry policies of every binding, and the topic
 * declarations.
 */
@AutoConfiguration
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

    private static final Pattern INPUT_BINDING = Pattern.compile(".+-in-\\d+");

    @Bean
    EventCodec eventCodec(JsonMapper json) {
        return new EventCodec(json);
    }

    @Bean
    EventProducer vodflowEventProducer(
            ProducerFactory<?, ?> producerFactory,
            @Value("${spring.kafka.template.observation-enabled:false}") boolean observed) {
        return new EventProducer(producerFactory.getConfigurationProperties(), observed);
    }

    @Bean
    @SuppressWarnings("unchecked")
    EventPublisher eventPublisher(
            EventProducer producer,
            EventCodec codec,
            MessagingProperties settings,
            @Value("${spring.application.name}") String service) {
        KafkaOperations<?, ?> template = producer.template();
        return new EventPublisher(
                (KafkaOperations<String, byte[]>) template, codec, source(service), settings.publishTimeout());
    }

    @Bean
    Outages outages() {
        return new Outages();
    }

    @Bean
    TransientFailure databaseDown(ObjectProvider<DataSource> dataSources) {
        return new DatabaseProbe(dataSources);
    }

    @Bean
    BatchApplier batchApplier(ObjectProvider<TransientFailure> outages) {
        return new BatchApplier(outages.orderedStream().toList());
    }

    @Bean
    RetryPolicies vodflowRetryPolicies(
            EventProducer producer,
            ObjectProvider<TransientFailure> outages,
            MessagingProperties settings,
            ObjectProvider<BatchInterceptor<Object, Object>> batchInterceptor) {
        return new RetryPolicies(
                producer.template(), outages.orderedStream().toList(), settings, batchInterceptor.getIfUnique());
    }

    @Bean
    KafkaAdmin.NewTopics vodflowTopics(
            ObjectProvider<BindingServiceProperties> bindings,
            MessagingProperties settings,
            @Value("${spring.application.name}") String service) {
        List<TopicDeclarations.Consumed> consumed = new ArrayList<>();
        BindingServiceProperties properties = bindings.getIfAvailable();
        if (properties != null) {
            for (String binding : properties.getBindings().keySet()) {
                String destination = properties.getBindingDestination(binding);
                if (!INPUT_BINDING.matcher(binding).matches() || destination == null) {
                    continue;
                }
                String group = properties.getGroup(binding);
                for (String topic : destination.split(",")) {
                    consumed.add(new TopicDeclarations.Consumed(
                            topic.trim(), group == null || group.isBlank() ? service : group));
                }
            }
        }
        return new KafkaAdmin.NewTopics(TopicDeclarations.of(source(service), consumed, settings.replicationFactor())
                .toArray(NewTopic[]::new));
    }

    /** The CloudEvents {@code source} of a service, as {@code dev.vodflow.events.Topics} names the owners. */
    static String source(String service) {
        return "/vodflow/" + service;
    }

    /**
     * The producer of events and dead letters: keys and values as text or bytes, whatever the consumer read, with the
     * service's {@code spring.kafka} settings but always acks=all and idempotent, because an event is reported sent
     * only once it is durable.
     */
    static final class EventProducer implements DisposableBean, ApplicationContextAware, SmartInitializingSingleton {

        private final DefaultKafkaProducerFactory<Object, Object> factory;
        private final KafkaTemplate<Object, Object> template;

        /**
         * @param observed whether sends are observed ({@code spring.kafka.template.observation-enabled}, which
         *     platform/observability turns on): the template is no bean, so it is handed the context here, and each
         *     record then carries the sender's {@code traceparent}
         */
        EventProducer(Map<String, Object> configuration, boolean observed) {
            Map<String, Object> config = new HashMap<>(configuration);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            this.factory = new DefaultKafkaProducerFactory<>(config, serializer(), serializer());
            this.template = new KafkaTemplate<>(factory);
            this.template.setObservationEnabled(observed);
        }

        @Override
        public void setApplicationContext(ApplicationContext context) {
            template.setApplicationContext(context);
        }

        @Override
        public void afterSingletonsInstantiated() {
            template.afterSingletonsInstantiated();
        }

        private static Serializer<Object> serializer() {
            Map<Class<?>, Serializer<?>> delegates = new java.util.LinkedHashMap<>();
            delegates.put(byte[].class, new ByteArraySerializer());
            delegates.put(String.class, new StringSerializer());
            return new DelegatingByTypeSerializer(delegates);
        }

        KafkaTemplate<Object, Object> template() {
            return template;
        }

        @Override
        public void destroy() {
            factory.destroy();
        }
    }
}
