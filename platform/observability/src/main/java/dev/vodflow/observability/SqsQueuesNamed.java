package dev.vodflow.observability;

import java.net.URI;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when the service names at least one SQS queue in {@code vodflow.observability.sqs-queues}. */
class SqsQueuesNamed implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return Binder.get(context.getEnvironment())
                .bind("vodflow.observability.sqs-queues", Bindable.mapOf(String.class, URI.class))
                .map(queues -> !queues.isEmpty())
                .orElse(false);
    }
}
