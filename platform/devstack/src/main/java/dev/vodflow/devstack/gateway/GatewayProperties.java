package dev.vodflow.devstack.gateway;

import dev.vodflow.localaws.VodflowService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the gateway sends each API, and who may sign in.
 *
 * @param issuer the issuer URL put in tokens and checked by the services
 * @param audience the {@code aud} put in every token: the services accept only tokens for this audience
 * @param upload upload-service; this and the other services' URLs default to where the dev stack runs them
 *     ({@link VodflowService}), and the container image sets them ({@code VODFLOW_GATEWAY_UPLOAD} and so on)
 * @param live live-service, which serves {@code /api/live/...}
 * @param tokens lifetimes of the issuer's tokens
 * @param users the users of the local issuer; each also gets a client {@code dev-<name>} whose credentials
 *     grant returns a token for that user, for scripts
 */
@Validated
@ConfigurationProperties("vodflow.gateway")
record GatewayProperties(
        URI upload,
        URI catalog,
        URI playback,
        URI notification,
        URI transcode,
        @NotNull URI cdn,
        @NotNull URI issuer,
        @NotBlank String audience,
        List<User> users,
        URI live,
        Tokens tokens) {

    GatewayProperties {
        upload = orLocal(upload, VodflowService.UPLOAD);
        catalog = orLocal(catalog, VodflowService.CATALOG);
        playback = orLocal(playback, VodflowService.PLAYBACK);
        notification = orLocal(notification, VodflowService.NOTIFICATION);
        transcode = orLocal(transcode, VodflowService.TRANSCODE);
        live = orLocal(live, VodflowService.LIVE);
        users = users == null ? List.of() : List.copyOf(users);
        tokens = tokens == null ? new Tokens(null, null, null) : tokens;
    }

    /**
     * @param accessTokenTtl how long an access token lasts
     * @param refreshTokenTtl how long the page's sign-in lasts without a renewal
     * @param pageAccessTokenTtl how long the page's access token lasts (it renews it at two thirds of that); by
     *     default {@code accessTokenTtl}
     */
    record Tokens(Duration accessTokenTtl, Duration refreshTokenTtl, Duration pageAccessTokenTtl) {
        Tokens {
            accessTokenTtl = accessTokenTtl == null ? Duration.ofHours(1) : accessTokenTtl;
            refreshTokenTtl = refreshTokenTtl == null ? Duration.ofHours(12) : refreshTokenTtl;
            pageAccessTokenTtl = pageAccessTokenTtl == null ? accessTokenTtl : pageAccessTokenTtl;
        }
    }

    /** Unless set (the container image sets {@code VODFLOW_GATEWAY_UPLOAD} and so on), where the dev stack runs it. */
    private static URI orLocal(URI configured, VodflowService service) {
        return configured != null ? configured : service.localUrl();
    }

    record User(String name, String password, List<String> roles) {
        User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
