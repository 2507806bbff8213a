package dev.vodflow.deploy;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpAlbIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpAlbIntegrationProps;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.MappingValue;
import software.amazon.awscdk.services.apigatewayv2.ParameterMapping;
import software.amazon.awscdk.services.apigatewayv2.VpcLink;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The API gateway: {@code /api/<area>/...} to the service that owns the area, with the same path rewriting as the
 * local gateway, every route behind a JWT authorizer for the configured issuer and audience, except the few a
 * service authenticates by other means ({@link ServiceSpec.ApiRoute#tokenRequired()}: the mail's unsubscribe link).
 */
final class FrontDoor extends Construct {

    /** @param issuer the OIDC issuer URL (Cognito user pool or any OIDC provider) */
    record Props(
            IVpc vpc, Services services, List<ServiceSpec> routed, String issuer, String audience, String webOrigin) {}

    private static final List<HttpMethod> ALL_METHODS =
            List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    /** A page that confirms (GET) and a form or a mail client's one-click request that acts (POST). */
    private static final List<HttpMethod> OPEN_METHODS = List.of(HttpMethod.GET, HttpMethod.POST);

    private final HttpApi api;
    private final HttpJwtAuthorizer authorizer;
    private final List<HttpRoute> openRoutes = new java.util.ArrayList<>();

    FrontDoor(Construct scope, String id, Props props) {
        super(scope, id);
        authorizer = new HttpJwtAuthorizer(
                "Jwt",
                props.issuer(),
                HttpJwtAuthorizerProps.builder()
                        .jwtAudience(List.of(props.audience()))
                        .identitySource(List.of("$request.header.Authorization"))
                        .build());
        api = HttpApi.Builder.create(this, "Api")
                .description("vodflow API")
                .defaultAuthorizer(authorizer)
                // Browsers' preflights carry no token; API Gateway answers them itself.
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(List.of(props.webOrigin()))
                        .allowCredentials(true)
                        .allowHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID"))
                        .allowMethods(List.of(CorsHttpMethod.ANY))
                        .exposeHeaders(List.of("Location", "ETag"))
                        .maxAge(Duration.minutes(10))
                        .build())
                .build();
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        CfnStage stage = (CfnStage) api.getDefaultStage().getNode().getDefaultChild();
        stage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                .destinationArn(accessLogs.getLogGroupArn())
                .format(
                        "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                                + "\"requestTime\":\"$context.requestTime\",\"method\":\"$context.httpMethod\","
                                + "\"path\":\"$context.path\",\"status\":\"$context.status\","
                                + "\"integrationStatus\":\"$context.integrationStatus\",\"sub\":\"$context.authorizer.claims.sub\"}")
                .build());

        SecurityGroup linkGroup = SecurityGroup.Builder.create(this, "LinkGroup")
                .vpc(props.vpc())
                .description("API Gateway VPC link to the internal load balancer")
                .build();
        VpcLink link = VpcLink.Builder.create(this, "Link")
                .vpc(props.vpc())
                .subnets(SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .build())
                .securityGroups(List.of(linkGroup))
                .build();
        for (ServiceSpec service : props.routed()) {
            Services.Deployed deployed = props.services().get(service);
            props.services()
                    .loadBalancer()
                    .getConnections()
                    .allowFrom(linkGroup, Port.tcp(service.port()), "API Gateway to " + service.name());
            for (ServiceSpec.ApiRoute route : service.routes()) {
                String path = "/api/" + route.path();
                addRoute(path, route.servicePath(""), route, deployed, link);
                if (!route.exact()) {
                    addRoute(path + "/{proxy+}", route.servicePath("$request.path.proxy"), route, deployed, link);
                }
            }
        }
    }

    private void addRoute(
            String path, String servicePath, ServiceSpec.ApiRoute route, Services.Deployed target, VpcLink link) {
        AddRoutesOptions.Builder options = AddRoutesOptions.builder()
                .path(path)
                .methods(route.tokenRequired() ? ALL_METHODS : OPEN_METHODS)
                .integration(new HttpAlbIntegration(
                        target.spec().logicalId() + path.replaceAll("[^A-Za-z]", ""),
                        target.listener(),
                        HttpAlbIntegrationProps.builder()
                                .vpcLink(link)
                                .parameterMapping(
                                        new ParameterMapping().overwritePath(MappingValue.custom(servicePath)))
                                .build()));
        if (!route.tokenRequired()) {
            // A more specific route than /api/<area>/{proxy+}, so API Gateway picks it and skips the authorizer.
            options.authorizer(new HttpNoneAuthorizer());
        }
        List<HttpRoute> added = api.addRoutes(options.build());
        if (!route.tokenRequired()) {
            openRoutes.addAll(added);
        }
    }

    /** The routes without the JWT authorizer. */
    List<HttpRoute> openRoutes() {
        return openRoutes;
    }

    HttpApi api() {
        return api;
    }

    /** The API's {@code https://<id>.execute-api.<region>.amazonaws.com} endpoint. */
    String endpoint() {
        return api.getApiEndpoint();
    }
}
