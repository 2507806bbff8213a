package dev.vodflow.ops;

import dev.vodflow.security.ResourceServer;
import dev.vodflow.security.Roles;
import dev.vodflow.security.TokenSecurityAutoConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.ClassUtils;

/**
 * The Kafka operator endpoints in every service that has a Kafka client ({@link KafkaAdmin}) and takes bearer
 * tokens: a filter chain of their own admits only the operator role, whatever the service's own chain says.
 */
@AutoConfiguration(
        after = TokenSecurityAutoConfiguration.class,
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnWebApplication
@ConditionalOnBean({KafkaAdmin.class, ResourceServer.class})
class KafkaOpsAutoConfiguration {

    private static final String STREAM_BINDINGS = "org.springframework.cloud.stream.binding.InputBindingLifecycle";

    @Bean
    KafkaGroupTool kafkaGroupTool(KafkaAdmin admin, @Value("${spring.application.name}") String group) {
        return new KafkaGroupTool(admin.getConfigurationProperties(), group);
    }

    @Bean
    KafkaOpsController kafkaOpsController(
            KafkaGroupTool tool,
            ObjectProvider<KafkaListenerEndpointRegistry> listeners,
            ObjectProvider<SmartLifecycle> lifecycles,
            @Value("${vodflow.ops.group-leave-timeout:30s}") Duration leaveTimeout) {
        List<SmartLifecycle> consumers = new ArrayList<>();
        listeners.ifAvailable(consumers::add);
        if (ClassUtils.isPresent(STREAM_BINDINGS, KafkaOpsAutoConfiguration.class.getClassLoader())) {
            lifecycles
                    .orderedStream()
                    .filter(lifecycle -> lifecycle.getClass().getName().equals(STREAM_BINDINGS))
                    .forEach(consumers::add);
        }
        return new KafkaOpsController(tool, new Consumers(consumers), leaveTimeout);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain kafkaOpsSecurity(HttpSecurity http, ResourceServer resourceServer) throws Exception {
        http.securityMatcher("/ops/kafka/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(Roles.OPERATOR));
        return resourceServer.applyTo(http).build();
    }
}
