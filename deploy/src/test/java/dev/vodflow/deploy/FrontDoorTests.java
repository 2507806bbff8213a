package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FrontDoorTests {

    /** The local gateway's routes: the front door must route and rewrite exactly as it does. */
    static final Path GATEWAY_ROUTES =
            Path.of("../platform/devstack/src/main/java/dev/vodflow/devstack/gateway/GatewayRoutes.java");

    /** {@code forward("id", "/api/<path>[/**]", services.x(), <strip>)}. */
    private static final Pattern FORWARD = Pattern.compile(
            "forward\\(\"[^\"]+\", \"/api/([a-z/-]+?)(?:/\\*\\*)?\", services\\.(\\w+)\\(\\), (\\d)\\)");

    /** {@code forward("id", "/api/<path>/**", services.x(), <strip>, "/<prefix>")}. */
    private static final Pattern STRIP_AND_PREFIX = Pattern.compile(
            "forward\\(\"[^\"]+\",\\s*\"/api/([a-z/-]+?)/\\*\\*\",\\s*services\\.(\\w+)\\(\\),\\s*(\\d),\\s*\"([^\"]+)\"\\)");

    /** The gateway's service accessor names. */
    private static final Map<String, String> GATEWAY_SERVICES = Map.of(
            "upload", "upload-service",
            "transcode", "transcode-orchestrator",
            "catalog", "catalog-service",
            "notification", "notification-service",
            "playback", "playback-service",
            "live", "live-service");

    /** notification-service's unsubscribe page and what its security admits without a token. */
    static final Path UNSUBSCRIBE_CONTROLLER =
            Path.of("../notification-service/src/main/java/dev/vodflow/notification/email/UnsubscribeController.java");

    static final Path NOTIFICATION_SECURITY =
            Path.of("../notification-service/src/main/java/dev/vodflow/notification/SecurityConfiguration.java");

    @Test
    void verifiesJwtsOfTheConfiguredIssuerAndAudience() {
        var authorizers = Resources.ofType("AWS::ApiGatewayV2::Authorizer").values();
        assertThat(authorizers).hasSize(1);
        Map<?, ?> props = (Map<?, ?>) authorizers.iterator().next().get("Properties");
        assertThat(props.get("AuthorizerType")).isEqualTo("JWT");
        assertThat(props.get("JwtConfiguration"))
                .isEqualTo(Map.of(
                        "Issuer", Map.of("Ref", "JwtIssuer"),
                        "Audience", List.of(Map.of("Ref", "JwtAudience"))));
        assertThat(Containers.environment(ServiceSpecs.UPLOAD))
                .containsEntry("VODFLOW_SECURITY_ISSUER", Map.of("Ref", "JwtIssuer"))
                .containsEntry("VODFLOW_SECURITY_AUDIENCE", Map.of("Ref", "JwtAudience"))
                .containsEntry("VODFLOW_SECURITY_JWKSETURI", Map.of("Ref", "JwtJwkSetUri"));
    }

    @Test
    void everyRouteButTheUnsubscribeLinkRequiresAToken() {
        Map<String, String> authorization = new LinkedHashMap<>();
        Resources.ofType("AWS::ApiGatewayV2::Route").values().forEach(route -> {
            Map<?, ?> props = (Map<?, ?>) route.get("Properties");
            authorization.put(String.valueOf(props.get("RouteKey")), String.valueOf(props.get("AuthorizationType")));
        });
        assertThat(authorization).isNotEmpty();
        authorization.forEach((route, type) ->
                assertThat(type).as(route).isEqualTo(route.endsWith(" /api/email/unsubscribe") ? "NONE" : "JWT"));
        // the page (GET) and the one-click or form request (POST) only; the rest of /api/email keeps the JWT
        assertThat(authorization)
                .containsEntry("GET /api/email/unsubscribe", "NONE")
                .containsEntry("POST /api/email/unsubscribe", "NONE")
                .containsEntry("GET /api/email/{proxy+}", "JWT")
                .containsEntry("GET /api/email", "JWT")
                .doesNotContainKey("DELETE /api/email/unsubscribe");
    }

    @Test
    void theOpenRouteIsThePathNotificationServiceServesAndAdmitsWithoutALogin() throws IOException {
        Matcher path = Pattern.compile("PATH = \"([^\"]+)\"").matcher(Files.readString(UNSUBSCRIBE_CONTROLLER));
        assertThat(path.find()).as("PATH in " + UNSUBSCRIBE_CONTROLLER).isTrue();
        assertThat(Files.readString(NOTIFICATION_SECURITY).replaceAll("\\s+", ""))
                .contains(".requestMatchers(\"" + path.group(1) + "\").permitAll()");
        List<ServiceSpec.ApiRoute> open = ServiceSpecs.ALL.stream()
                .flatMap(s -> s.routes().stream())
                .filter(route -> !route.tokenRequired())
                .toList();
        assertThat(open).hasSize(1);
        assertThat(open.get(0).exact()).isTrue();
        assertThat(ServiceSpecs.NOTIFICATION.routes()).contains(open.get(0));
        assertThat(rewritesByRoute())
                .containsEntry("GET /api/email/unsubscribe", path.group(1))
                .containsEntry("POST /api/email/unsubscribe", path.group(1));
    }

    @Test
    void routesAndRewritesEveryPathAsTheLocalGatewayDoesToTheSameService() throws IOException {
        String source = Files.readString(GATEWAY_ROUTES);
        Map<String, String> rewrittenTo = new LinkedHashMap<>();
        Map<String, String> service = new LinkedHashMap<>();
        Matcher forward = FORWARD.matcher(source);
        while (forward.find()) {
            rewrittenTo.put(forward.group(1), kept(forward.group(1), Integer.parseInt(forward.group(3)), ""));
            service.put(forward.group(1), GATEWAY_SERVICES.get(forward.group(2)));
        }
        Matcher prefixed = STRIP_AND_PREFIX.matcher(source);
        while (prefixed.find()) {
            rewrittenTo.put(
                    prefixed.group(1), kept(prefixed.group(1), Integer.parseInt(prefixed.group(3)), prefixed.group(4)));
            service.put(prefixed.group(1), GATEWAY_SERVICES.get(prefixed.group(2)));
        }
        assertThat(rewrittenTo)
                .as("routes parsed from " + GATEWAY_ROUTES)
                .containsKeys("videos", "events", "profile", "email", "live", "ops/catalog", "ops/jobs");

        Map<String, String> rewrites = rewritesByRoute();
        for (var entry : rewrittenTo.entrySet()) {
            String path = "/api/" + entry.getKey();
            assertThat(rewrites)
                    .as(path)
                    .containsEntry("GET " + path + "/{proxy+}", entry.getValue() + "/$request.path.proxy");
            ServiceSpec owner = ServiceSpecs.ALL.stream()
                    .filter(s -> s.routes().stream().anyMatch(r -> r.path().equals(entry.getKey())))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no service routes " + path));
            assertThat(owner.name()).as(path).isEqualTo(service.get(entry.getKey()));
        }
        assertThat(ServiceSpecs.ALL.stream()
                        .flatMap(s -> s.routes().stream())
                        .filter(ServiceSpec.ApiRoute::tokenRequired)
                        .map(ServiceSpec.ApiRoute::path))
                .containsExactlyInAnyOrderElementsOf(rewrittenTo.keySet());
    }

    @Test
    void theGatewayModelOfStrippingAgreesWithTheLocalGateway() {
        assertThat(kept("videos", 1, "")).isEqualTo("/videos");
        assertThat(kept("playback", 2, "")).isEmpty();
        assertThat(kept("ops/jobs", 2, "")).isEqualTo("/jobs");
        assertThat(kept("ops/catalog", 3, "/ops")).isEqualTo("/ops");
    }

    /** What the gateway sends on for {@code /api/<path>}: {@code strip} leading segments dropped, {@code prefix} put before. */
    private static String kept(String path, int strip, String prefix) {
        List<String> segments = List.of(("api/" + path).split("/"));
        List<String> rest = segments.subList(Math.min(strip, segments.size()), segments.size());
        return prefix + (rest.isEmpty() ? "" : "/" + String.join("/", rest));
    }

    /** Route key (e.g. {@code GET /api/videos/{proxy+}}) to the path its integration sends to the service. */
    private static Map<String, String> rewritesByRoute() {
        Map<String, String> rewrites = new LinkedHashMap<>();
        Resources.ofType("AWS::ApiGatewayV2::Route").values().forEach(route -> {
            Map<?, ?> props = (Map<?, ?>) route.get("Properties");
            String target = String.valueOf(props.get("Target")); // {Fn::Join=[, [integrations/, {Ref=Id}]]}
            String integration = target.replaceAll(".*Ref=([A-Za-z0-9]+).*", "$1");
            Map<?, ?> mapping = (Map<?, ?>) Resources.properties(integration).get("RequestParameters");
            rewrites.put(String.valueOf(props.get("RouteKey")), String.valueOf(mapping.get("overwrite:path")));
        });
        return rewrites;
    }
}
