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
 * local gateway, every route behind a JWT authorizer for the configured issuer and audience.
 */
final class FrontDoor extends Construct {

    /** @param issuer the OIDC issuer URL (Cognito user pool or any OIDC provider) */
    record Props(
            IVpc vpc, Services services, List<ServiceSpec> routed, String issuer, String audience, String webOrigin) {}

    private final HttpApi api;
    private final HttpJwtAuthorizer authorizer;

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
                addRoute("/api/" + route.area(), route.servicePath(""), deployed, link);
                addRoute(
                        "/api/" + route.area() + "/{proxy+}", route.servicePath("$request.path.proxy"), deployed, link);
            }
        }
    }

    private void addRoute(String path, String servicePath, Services.Deployed target, VpcLink link) {
        String rewritten = servicePath.length() > 1 && servicePath.endsWith("/")
                ? servicePath.substring(0, servicePath.length() - 1)
                : servicePath;
        api.addRoutes(AddRoutesOptions.builder()
                .path(path)
                .methods(List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
                .integration(new HttpAlbIntegration(
                        target.spec().logicalId() + path.replaceAll("[^A-Za-z]", ""),
                        target.listener(),
                        HttpAlbIntegrationProps.builder()
                                .vpcLink(link)
                                .parameterMapping(new ParameterMapping().overwritePath(MappingValue.custom(rewritten)))
                                .build()))
                .build());
    }

    HttpApi api() {
        return api;
    }

    /** The API's {@code https://<id>.execute-api.<region>.amazonaws.com} endpoint. */
    String endpoint() {
        return api.getApiEndpoint();
    }
}
