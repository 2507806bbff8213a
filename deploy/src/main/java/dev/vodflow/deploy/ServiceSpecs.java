package dev.vodflow.deploy;

import static dev.vodflow.events.Topics.TRANSCODE_COMPLETED;
import static dev.vodflow.events.Topics.VIDEO_DELETED;
import static dev.vodflow.events.Topics.VIDEO_UPDATED;
import static dev.vodflow.events.Topics.VIDEO_UPLOADED;

import dev.vodflow.deploy.ServiceSpec.ApiRoute;
import dev.vodflow.events.TopicSpec;
import dev.vodflow.events.Topics;
import java.util.List;

/**
 * The services as the footprint sees them. Ports, routes and dead-letter topic names follow the services' own
 * configuration and the local gateway ({@code GatewayRoutes}); {@code ServiceSpecsTests} checks the first against the
 * services' {@code application.yml}.
 */
final class ServiceSpecs {

    static final ServiceSpec UPLOAD = new ServiceSpec(
            "upload-service", 8081, "upload", List.of(new ApiRoute("uploads", true)), List.of(), List.of());

    static final ServiceSpec TRANSCODE = new ServiceSpec(
            "transcode-orchestrator",
            8082,
            "transcode",
            List.of(new ApiRoute("jobs", true)),
            List.of(VIDEO_UPLOADED),
            List.of(VIDEO_UPLOADED + ".transcode-orchestrator.dlt"));

    static final ServiceSpec CATALOG = new ServiceSpec(
            "catalog-service",
            8083,
            "catalog",
            List.of(new ApiRoute("videos", true)),
            allTopics(),
            allTopics().stream().map(topic -> topic + ".catalog-service.dlt").toList());

    static final ServiceSpec NOTIFICATION = new ServiceSpec(
            "notification-service",
            8084,
            "notify",
            List.of(
                    new ApiRoute("webhooks", true),
                    new ApiRoute("events", true),
                    new ApiRoute("profile", true),
                    new ApiRoute("email", true)),
            allTopics(),
            // Spring Cloud Stream's default dead-letter name: error.<destination>.<group>
            allTopics().stream()
                    .map(topic -> "error." + topic + ".notification-service")
                    .toList());

    static final ServiceSpec PLAYBACK = new ServiceSpec(
            "playback-service",
            8085,
            "playback",
            List.of(new ApiRoute("playback", false)),
            List.of(TRANSCODE_COMPLETED, VIDEO_UPDATED, VIDEO_DELETED),
            List.of(
                    TRANSCODE_COMPLETED + ".playback-service.dlt",
                    VIDEO_UPDATED + ".playback-service.dlt",
                    VIDEO_DELETED + ".playback-service.dlt"));

    /** Live channels: it only publishes (live.*) and drives MediaLive; it consumes no topic. */
    static final ServiceSpec LIVE =
            new ServiceSpec("live-service", 8086, "live", List.of(new ApiRoute("live", true)), List.of(), List.of());

    static final List<ServiceSpec> ALL = List.of(UPLOAD, TRANSCODE, CATALOG, NOTIFICATION, PLAYBACK, LIVE);

    private static List<String> allTopics() {
        return Topics.ALL.stream().map(TopicSpec::name).toList();
    }

    private ServiceSpecs() {}
}
