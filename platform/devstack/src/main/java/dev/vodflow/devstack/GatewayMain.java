package dev.vodflow.devstack;

import dev.vodflow.devstack.gateway.LocalGatewayApplication;
import java.nio.file.Path;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The gateway on its own (web page, token issuer, {@code /api} routes), for the container image: the services
 * run elsewhere, at the URLs the environment gives ({@code VODFLOW_GATEWAY_UPLOAD=http://upload-service:8081}
 * and so on; see {@code gateway.yml}). With {@code VODFLOW_CDN_KEYS_DIRECTORY} set it first makes the dev
 * CloudFront key pair there, as {@code ./devstack} does in its data directory, for the edge and the playback
 * service to share.
 */
public final class GatewayMain {

    private GatewayMain() {}

    public static void main(String[] args) throws Exception {
        String keys = System.getenv("VODFLOW_CDN_KEYS_DIRECTORY");
        if (keys != null && !keys.isBlank()) {
            DevKeys.loadOrCreate(Path.of(keys));
        }
        new SpringApplicationBuilder(LocalGatewayApplication.class)
                .properties("spring.config.name=gateway")
                .run(args);
    }
}
