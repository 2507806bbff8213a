package dev.vodflow.deploy;

import dev.vodflow.events.TopicSpec;
import dev.vodflow.events.Topics;
import java.util.ArrayList;
import java.util.List;

/**
 * What the footprint needs to know about one service: how it is reached, its database and which topics it may touch.
 * Names are the services' own ({@code spring.application.name}, the consumer group and the image name).
 *
 * @param name the service's application name, also its Kafka consumer group and image {@code vodflow/<name>}
 * @param port the port it listens on (the same as in the local stack)
 * @param database its own PostgreSQL database
 * @param routes the {@code /api/...} paths the front door sends to it
 * @param consumes the topics it reads with its consumer group ({@link #name})
 * @param watchesDeadLetters whether it also reads every service's dead-letter topics (to tell operators), with the
 *     consumer group {@code <name>-dead-letters}
 */
record ServiceSpec(
        String name,
        int port,
        String database,
        List<ApiRoute> routes,
        List<String> consumes,
        boolean watchesDeadLetters) {

    /** The suffix of the consumer group that reads the dead-letter topics, after the service's name. */
    static final String DEAD_LETTER_WATCH_GROUP_SUFFIX = "-dead-letters";

    ServiceSpec {
        routes = List.copyOf(routes);
        consumes = List.copyOf(consumes);
    }

    /** The topics whose declared owner is this service, so only it may write them. */
    List<String> ownedTopics() {
        return Topics.ALL.stream()
                .filter(topic -> topic.ownerSource().equals("/vodflow/" + name))
                .map(TopicSpec::name)
                .toList();
    }

    /** The dead-letter topics its consumers write (and create): one per consumed topic, named by one convention. */
    List<String> deadLetterTopics() {
        return consumes.stream()
                .map(topic -> ServiceSpecs.deadLetterTopic(topic, name))
                .toList();
    }

    /** Everything it reads: the topics it consumes and, if it watches them, every service's dead-letter topics. */
    List<String> readTopics() {
        List<String> read = new ArrayList<>(consumes);
        if (watchesDeadLetters) {
            read.addAll(ServiceSpecs.allDeadLetterTopics());
        }
        return List.copyOf(read);
    }

    /** The consumer groups it commits offsets in. */
    List<String> consumerGroups() {
        List<String> groups = new ArrayList<>();
        if (!consumes.isEmpty()) {
            groups.add(name);
        }
        if (watchesDeadLetters) {
            groups.add(name + DEAD_LETTER_WATCH_GROUP_SUFFIX);
        }
        return List.copyOf(groups);
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
     * One path under {@code /api/}, as the local gateway routes it: {@code /api/<path>} and, unless {@code exact},
     * everything below it, rewritten to {@code <servicePrefix>} followed by the rest of the path.
     *
     * @param path the path below {@code /api/}, e.g. {@code videos} or {@code ops/jobs}
     * @param servicePrefix what replaces {@code /api/<path>} on the way to the service ({@code ""} for the root)
     * @param exact whether only {@code /api/<path>} itself is routed (no sub-paths)
     * @param tokenRequired whether the front door's JWT authorizer guards it; only paths the service itself
     *     authenticates by other means (a signed link) may say no
     */
    record ApiRoute(String path, String servicePrefix, boolean exact, boolean tokenRequired) {

        ApiRoute {
            if (path.startsWith("/") || path.endsWith("/")) {
                throw new IllegalArgumentException("path is relative to /api/ without slashes at its ends: " + path);
            }
            if (!servicePrefix.isEmpty() && (!servicePrefix.startsWith("/") || servicePrefix.endsWith("/"))) {
                throw new IllegalArgumentException("servicePrefix is empty or /<segments>: " + servicePrefix);
            }
        }

        /** {@code /api/<area>/...} kept as {@code /<area>/...} (the local gateway's {@code stripPrefix(1)}). */
        static ApiRoute keepingPath(String path) {
            return new ApiRoute(path, "/" + path, false, true);
        }

        /** {@code /api/<path>/...} sent as {@code <servicePrefix>/...}. */
        static ApiRoute rewritten(String path, String servicePrefix) {
            return new ApiRoute(path, servicePrefix, false, true);
        }

        /** Only {@code /api/<path>} itself, with no JWT checked at the front door (the service checks its own). */
        static ApiRoute open(String path) {
            return new ApiRoute(path, "/" + path, true, false);
        }

        /** The service-side path for a request whose path below {@code /api/<path>/} is {@code rest}. */
        String servicePath(String rest) {
            if (rest.isEmpty()) {
                return servicePrefix.isEmpty() ? "/" : servicePrefix;
            }
            return servicePrefix + "/" + rest;
        }
    }
}
