package dev.vodflow.deploy;

import static dev.vodflow.events.Topics.LIVE_ENDED;
import static dev.vodflow.events.Topics.LIVE_STARTED;
import static dev.vodflow.events.Topics.TRANSCODE_COMPLETED;
import static dev.vodflow.events.Topics.VIDEO_DELETED;
import static dev.vodflow.events.Topics.VIDEO_UPDATED;
import static dev.vodflow.events.Topics.VIDEO_UPLOADED;

import dev.vodflow.deploy.ServiceSpec.ApiRoute;
import dev.vodflow.events.TopicSpec;
import dev.vodflow.events.Topics;
import java.util.List;

/**
 * The services as the footprint sees them: the one list every Kafka grant, route and dead-letter topic of the stack is
 * derived from. Ports and routes follow the services' own configuration and the local gateway ({@code GatewayRoutes},
 * checked by {@code FrontDoorTests}); consumed topics follow each service's listeners and bindings.
 */
final class ServiceSpecs {

    static final ServiceSpec UPLOAD = new ServiceSpec(
            "upload-service",
            8081,
            "upload",
            List.of(ApiRoute.keepingPath("uploads"), kafkaOps("upload")),
            List.of(),
            false);

    static final ServiceSpec TRANSCODE = new ServiceSpec(
            "transcode-orchestrator",
            8082,
            "transcode",
            // operators' job endpoints live under the same /jobs paths, admitted by role in the service
            List.of(ApiRoute.keepingPath("jobs"), ApiRoute.rewritten("ops/jobs", "/jobs"), kafkaOps("transcode")),
            List.of(VIDEO_UPLOADED, VIDEO_DELETED),
            false);

    static final ServiceSpec CATALOG = new ServiceSpec(
            "catalog-service",
            8083,
            "catalog",
            List.of(ApiRoute.keepingPath("videos"), ApiRoute.rewritten("ops/catalog", "/ops")),
            allTopics(),
            false);

    static final ServiceSpec NOTIFICATION = new ServiceSpec(
            "notification-service",
            8084,
            "notify",
            List.of(
                    ApiRoute.keepingPath("webhooks"),
                    ApiRoute.keepingPath("events"),
                    ApiRoute.keepingPath("profile"),
                    ApiRoute.keepingPath("email"),
                    // the link in every mail: authenticated by the signed token it carries, not by a login
                    ApiRoute.open("email/unsubscribe"),
                    kafkaOps("notification")),
            allTopics(),
            true);

    static final ServiceSpec PLAYBACK = new ServiceSpec(
            "playback-service",
            8085,
            "playback",
            List.of(ApiRoute.rewritten("playback", ""), kafkaOps("playback")),
            List.of(TRANSCODE_COMPLETED, VIDEO_UPDATED, VIDEO_DELETED, LIVE_STARTED, LIVE_ENDED),
            false);

    /** Live channels: it only publishes (live.*) and drives MediaLive; it consumes no topic. */
    static final ServiceSpec LIVE = new ServiceSpec(
            "live-service", 8086, "live", List.of(ApiRoute.keepingPath("live"), kafkaOps("live")), List.of(), false);

    /**
     * The operator's Kafka tool of a service (platform/ops): {@code /api/ops/<area>/kafka/...} to its
     * {@code /ops/kafka/...}; the catalog's comes with its {@code ops/catalog} route.
     */
    private static ApiRoute kafkaOps(String area) {
        return ApiRoute.rewritten("ops/" + area + "/kafka", "/ops/kafka");
    }

    static final List<ServiceSpec> ALL = List.of(UPLOAD, TRANSCODE, CATALOG, NOTIFICATION, PLAYBACK, LIVE);

    /**
     * The one naming convention of dead-letter topics: {@code <topic>.<group>.dlt}, the group being the consumer's
     * {@code spring.application.name}. Every grant and the watcher's reads derive from here.
     */
    static String deadLetterTopic(String topic, String group) {
        return topic + "." + group + ".dlt";
    }

    /** Every service's dead-letter topics. */
    static List<String> allDeadLetterTopics() {
        return ALL.stream().flatMap(s -> s.deadLetterTopics().stream()).toList();
    }

    private static List<String> allTopics() {
        return Topics.ALL.stream().map(TopicSpec::name).toList();
    }

    private ServiceSpecs() {}
}
