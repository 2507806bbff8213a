package dev.vodflow.deploy;

import dev.vodflow.events.TopicSpec;
import dev.vodflow.events.Topics;
import java.util.List;

/**
 * What the footprint needs to know about one service: how it is reached, its database and which topics it may touch.
 * Names are the services' own ({@code spring.application.name}, the consumer group and the image name).
 *
 * @param name the service's application name, also its Kafka consumer group and image {@code vodflow/<name>}
 * @param port the port it listens on (the same as in the local stack)
 * @param database its own PostgreSQL database
 * @param routes the {@code /api/<area>} prefixes the front door sends to it
 * @param consumes the topics it reads
 * @param deadLetterTopics the topics (or {@code *} patterns) its consumers dead-letter to, which it also creates
 */
record ServiceSpec(
        String name,
        int port,
        String database,
        List<ApiRoute> routes,
        List<String> consumes,
        List<String> deadLetterTopics) {

    ServiceSpec {
        routes = List.copyOf(routes);
        consumes = List.copyOf(consumes);
        deadLetterTopics = List.copyOf(deadLetterTopics);
    }

    /** The topics whose declared owner is this service, so only it may write them. */
    List<String> ownedTopics() {
        return Topics.ALL.stream()
                .filter(topic -> topic.ownerSource().equals("/vodflow/" + name))
                .map(TopicSpec::name)
                .toList();
    }

    /** The image repository's default name, as the Jib build names it. */
    String imageRepository() {
        return "vodflow/" + name;
    }

    /** A CloudFormation-safe identifier, e.g. {@code UploadService}. */
    String logicalId() {
        StringBuilder id = new StringBuilder();
        for (String part : name.split("-")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id.toString();
    }

    /**
     * One {@code /api/<area>} prefix. The local gateway strips {@code /api}, and also the area where the service's
     * own paths do not start with it (playback); the front door rewrites paths the same way.
     */
    record ApiRoute(String area, boolean keepArea) {

        /** The service-side path for a request whose path below the area is {@code rest}. */
        String servicePath(String rest) {
            return keepArea ? "/" + area + "/" + rest : "/" + rest;
        }
    }
}
