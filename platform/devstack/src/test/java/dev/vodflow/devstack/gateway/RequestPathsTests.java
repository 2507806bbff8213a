package dev.vodflow.devstack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestPathsTests {

    @Test
    void splitsOriginAndAbsoluteFormTargets() {
        assertThat(RequestPaths.split("/api/videos?state=READY"))
                .isEqualTo(new RequestPaths.Target("/api/videos", "?state=READY"));
        assertThat(RequestPaths.split("/api/videos")).isEqualTo(new RequestPaths.Target("/api/videos", ""));
        assertThat(RequestPaths.split("http://gw:8080/api/videos?x=1"))
                .isEqualTo(new RequestPaths.Target("/api/videos", "?x=1"));
        assertThat(RequestPaths.split("http://gw:8080?x=1")).isEqualTo(new RequestPaths.Target("/", "?x=1"));
        assertThat(RequestPaths.split("*")).isNull();
        assertThat(RequestPaths.split("videos")).isNull();
    }

    @Test
    void decodesUtf8AndRefusesWhatCouldHideASegmentBoundary() {
        assertThat(RequestPaths.decode("/api/videos/caf%C3%A9")).isEqualTo("/api/videos/café");
        assertThat(RequestPaths.decode("/api/%61ctuator")).isEqualTo("/api/actuator");
        assertThat(RequestPaths.decode("/api/videos/a%2Fb")).isNull();
        assertThat(RequestPaths.decode("/api/videos/a%2fb")).isNull();
        assertThat(RequestPaths.decode("/api/videos/a%5Cb")).isNull();
        assertThat(RequestPaths.decode("/api/videos/a\\b")).isNull();
        assertThat(RequestPaths.decode("/api/videos/%zz")).isNull();
        assertThat(RequestPaths.decode("/api/videos/%4")).isNull();
        assertThat(RequestPaths.decode("/api/videos/%C3")).as("not UTF-8").isNull();
        assertThat(RequestPaths.decode("/api/videos/%00")).isNull();
        assertThat(RequestPaths.decode("/api/videos/é"))
                .as("unencoded non-ASCII")
                .isNull();
    }

    @Test
    void aPathIsNormalOnlyWithoutEmptyOrDotSegments() {
        assertThat(RequestPaths.normal("/")).isTrue();
        assertThat(RequestPaths.normal("/api/videos/")).isTrue();
        assertThat(RequestPaths.normal("/api/videos/v.1/..x")).isTrue();
        assertThat(RequestPaths.normal("/api//videos")).isFalse();
        assertThat(RequestPaths.normal("/api/./videos")).isFalse();
        assertThat(RequestPaths.normal("/api/videos/..")).isFalse();
        assertThat(RequestPaths.normal("api/videos")).isFalse();
        assertThat(RequestPaths.resolved("/api/videos/../playback/./x")).isEqualTo("/api/playback/x");
        assertThat(RequestPaths.resolved("/../../x/")).isEqualTo("/x/");
    }

    @Test
    void managementPathsAreRefusedInAnyCaseAnywhereButTheOwnHealth() {
        assertThat(ManagementShield.refused("/actuator/health")).isFalse();
        assertThat(ManagementShield.refused("/Actuator/Health")).isFalse();
        assertThat(ManagementShield.refused("/actuator/health/readiness")).isTrue();
        assertThat(ManagementShield.refused("/actuator")).isTrue();
        assertThat(ManagementShield.refused("/api/playback/ACTUATOR/prometheus"))
                .isTrue();
        assertThat(ManagementShield.refused("/api/playback/actuator")).isTrue();
        assertThat(ManagementShield.refused("actuator/env")).isTrue();
        assertThat(ManagementShield.refused("/api/videos/actuators")).isFalse();
        assertThat(ManagementShield.refused("/api/videos/my-actuator")).isFalse();
    }

    @Test
    void routesStripAndPrefixAsTheFrontDoorInAwsDoes() {
        GatewayRoutes routes = new GatewayRoutes(new GatewayProperties(
                null,
                null,
                null,
                null,
                null,
                java.net.URI.create("http://cdn"),
                java.net.URI.create("http://gw"),
                "aud",
                null,
                null,
                null));
        assertThat(routes.match("/api/videos").rewrite("/api/videos")).isEqualTo("/videos");
        assertThat(routes.match("/api/videos/v1").rewrite("/api/videos/v1")).isEqualTo("/videos/v1");
        assertThat(routes.match("/api/playback/videos/v1/playback-session")
                        .rewrite("/api/playback/videos/v1/playback-session"))
                .isEqualTo("/videos/v1/playback-session");
        assertThat(routes.match("/api/playback").rewrite("/api/playback")).isEqualTo("/");
        assertThat(routes.match("/api/ops/catalog/replay").rewrite("/api/ops/catalog/replay"))
                .isEqualTo("/ops/replay");
        assertThat(routes.match("/api/ops/catalog").rewrite("/api/ops/catalog")).isEqualTo("/ops");
        assertThat(routes.match("/api/ops/jobs/v1").rewrite("/api/ops/jobs/v1")).isEqualTo("/jobs/v1");
        assertThat(routes.match("/api-docs/videos").rewrite("/api-docs/videos")).isEqualTo("/v3/api-docs");
        assertThat(routes.match("/api/events")).isNotNull();
        assertThat(routes.match("/api/events/more")).as("an exact route").isNull();
        assertThat(routes.match("/api/videosx")).isNull();
        assertThat(routes.match("/login")).isNull();
        assertThat(routes.match("/api/videos/v1").service())
                .isEqualTo(routes.match("/api/ops/catalog/x").service());
    }
}
