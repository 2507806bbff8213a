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

    private static final Pattern FORWARD =
            Pattern.compile("forward\\(\"[^\"]+\", \"/api/([a-z-]+)(?:/\\*\\*)?\", services\\.\\w+\\(\\), (\\d)\\)");

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
    void everyRouteRequiresAToken() {
        var routes = Resources.ofType("AWS::ApiGatewayV2::Route").values();
        assertThat(routes).isNotEmpty();
        assertThat(routes).allSatisfy(r -> assertThat(((Map<?, ?>) r.get("Properties")).get("AuthorizationType"))
                .isEqualTo("JWT"));
    }

    @Test
    void routesAndRewritesEachAreaAsTheLocalGatewayDoes() throws IOException {
        Map<String, Integer> gateway = new LinkedHashMap<>();
        Matcher matcher = FORWARD.matcher(Files.readString(GATEWAY_ROUTES));
        while (matcher.find()) {
            gateway.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
        }
        assertThat(gateway).as("routes parsed from " + GATEWAY_ROUTES).isNotEmpty();

        Map<String, String> rewrites = rewritesByRoute();
        for (var entry : gateway.entrySet()) {
            String area = entry.getKey();
            // strip 1 removes /api only; strip 2 also removes the area
            String expected = entry.getValue() == 1 ? "/" + area + "/$request.path.proxy" : "/$request.path.proxy";
            assertThat(rewrites).containsEntry("GET /api/" + area + "/{proxy+}", expected);
        }
        assertThat(ServiceSpecs.ALL.stream().flatMap(s -> s.routes().stream()).map(ServiceSpec.ApiRoute::area))
                .containsExactlyInAnyOrderElementsOf(gateway.keySet());
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
