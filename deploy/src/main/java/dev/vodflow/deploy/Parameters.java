package dev.vodflow.deploy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/** The stack's CloudFormation parameters, each described in {@code deploy/README.md}. */
final class Parameters {

    final CfnParameter webOrigin;
    final CfnParameter jwtIssuer;
    final CfnParameter jwtAudience;
    final CfnParameter jwtJwkSetUri;
    final CfnParameter liveIngestCidr;
    final CfnParameter emailDomain;
    final CfnParameter emailOperators;
    final CfnParameter brokerInstanceType;
    final CfnParameter activeSigningKey;
    final SigningKey signingKeyA;
    final SigningKey signingKeyB;
    private final Map<ServiceSpec, Services.Image> images = new java.util.LinkedHashMap<>();

    Parameters(Construct stack) {
        webOrigin = CfnParameter.Builder.create(stack, "WebOrigin")
                .description("Origin of the web page that uploads and plays, e.g. https://app.example.com")
                .allowedPattern("https://[^/]+")
                .constraintDescription("an https origin without a path")
                .build();
        jwtIssuer = CfnParameter.Builder.create(stack, "JwtIssuer")
                .description("OIDC issuer URL of the tokens the API accepts (Cognito user pool or another provider)")
                .allowedPattern("https://.+")
                .build();
        jwtAudience = CfnParameter.Builder.create(stack, "JwtAudience")
                .description("Audience (aud) the API's tokens must carry, e.g. the OIDC client id")
                .minLength(1)
                .build();
        jwtJwkSetUri = CfnParameter.Builder.create(stack, "JwtJwkSetUri")
                .description("The issuer's JWK set (signing keys) URL, e.g. the issuer + /.well-known/jwks.json")
                .allowedPattern("https://.+")
                .build();
        liveIngestCidr = CfnParameter.Builder.create(stack, "LiveIngestCidr")
                .description(
                        "The network (CIDR) encoders push live RTMP and SRT from; MediaLive refuses every other source")
                .allowedPattern("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")
                .build();
        emailDomain = CfnParameter.Builder.create(stack, "EmailDomain")
                .description("Domain vodflow's mails come from (no-reply@<domain>); add the DkimRecord outputs to its"
                        + " DNS zone so SES verifies it")
                .allowedPattern("([a-z0-9-]+\\.)+[a-z]{2,}")
                .constraintDescription("a lower-case domain name, e.g. mail.example.com")
                .build();
        emailOperators = CfnParameter.Builder.create(stack, "EmailOperators")
                .description("Comma-separated addresses told of disabled webhook endpoints and dead-lettered records;"
                        + " empty for none")
                .defaultValue("")
                .build();
        brokerInstanceType = CfnParameter.Builder.create(stack, "KafkaBrokerInstanceType")
                .description("MSK broker instance type (three brokers)")
                .defaultValue("kafka.t3.small")
                .build();
        activeSigningKey = CfnParameter.Builder.create(stack, "ActiveSigningKey")
                .description("Which signing key pair (A or B) playback-service signs new cookies with")
                .allowedValues(List.of("A", "B"))
                .defaultValue("A")
                .build();
        signingKeyA = new SigningKey(stack, "A");
        signingKeyB = new SigningKey(stack, "B");
        for (ServiceSpec spec : ServiceSpecs.ALL) {
            image(stack, spec);
        }
    }

    /** Registers the image parameters of a service that is not in {@link ServiceSpecs#ALL} (live-service). */
    Services.Image image(Construct stack, ServiceSpec spec) {
        return images.computeIfAbsent(
                spec,
                s -> new Services.Image(
                        CfnParameter.Builder.create(stack, s.logicalId() + "ImageRepository")
                                .description("ECR repository of " + s.name() + "'s image")
                                .defaultValue(s.imageRepository())
                                .build()
                                .getValueAsString(),
                        CfnParameter.Builder.create(stack, s.logicalId() + "ImageTag")
                                .description("Tag of " + s.name() + "'s image")
                                .minLength(1)
                                .build()
                                .getValueAsString()));
    }

    Services.Image image(ServiceSpec spec) {
        return images.get(spec);
    }

    /** One CloudFront key pair of playback-service: its public key, and the secret holding its private key. */
    record SigningKey(CfnParameter publicKey, CfnParameter privateKeySecret, String slot) {

        SigningKey(Construct stack, String slot) {
            this(
                    CfnParameter.Builder.create(stack, "SigningKey" + slot + "PublicKey")
                            .description("PEM public key of signing key pair " + slot + " (openssl rsa -pubout)")
                            .build(),
                    CfnParameter.Builder.create(stack, "SigningKey" + slot + "PrivateKeySecret")
                            .description("Name of the Secrets Manager secret holding key pair " + slot
                                    + "'s PEM private key (plain text)")
                            .minLength(1)
                            .build(),
                    slot);
        }

        ISecret privateKey(Construct scope) {
            return Secret.fromSecretNameV2(scope, "SigningKey" + slot + "Secret", privateKeySecret.getValueAsString());
        }
    }
}
