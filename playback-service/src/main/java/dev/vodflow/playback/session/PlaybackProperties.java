package dev.vodflow.playback.session;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code vodflow.playback}.
 *
 * @param cdnBaseUrl the distribution's base URL, for example {@code https://cdn.vodflow.dev}; manifest URLs and
 *     policy resources are built under it
 * @param sessionTtl how long cookies of a new session stay valid (CloudFront's {@code DateLessThan})
 * @param expiryStep expiries are rounded up to a multiple of this, so sessions for one video within one step share
 *     one policy and one signature
 * @param anonymousViewing whether a viewer without a token may watch {@code PUBLIC} and {@code UNLISTED} videos
 * @param downloadTtl how long a signed download URL works: enough to start the download (CloudFront checks the
 *     signature when the request arrives, not while the file streams), short enough that a shared link soon stops
 */
@Validated
@ConfigurationProperties("vodflow.playback")
public record PlaybackProperties(
        @NotNull URI cdnBaseUrl,
        @NotNull Duration sessionTtl,
        @NotNull Duration expiryStep,
        boolean anonymousViewing,
        @Valid @NotNull Cookie cookie,
        @Valid @NotNull Signing signing,
        @NotNull Duration downloadTtl) {

    @AssertTrue(message = "cdn-base-url must be an absolute http(s) URL without path, query or wildcard")
    boolean isCdnBaseUrlPlain() {
        return cdnBaseUrl == null
                || (("https".equals(cdnBaseUrl.getScheme()) || "http".equals(cdnBaseUrl.getScheme()))
                        && cdnBaseUrl.getHost() != null
                        && (cdnBaseUrl.getPath() == null
                                || cdnBaseUrl.getPath().isEmpty()
                                || "/".equals(cdnBaseUrl.getPath()))
                        && cdnBaseUrl.getQuery() == null
                        && !cdnBaseUrl.toString().contains("*"));
    }

    @AssertTrue(message = "session-ttl must be positive and expiry-step positive and not longer than session-ttl")
    boolean isExpiryConsistent() {
        return sessionTtl == null
                || expiryStep == null
                || (positive(sessionTtl) && positive(expiryStep) && expiryStep.compareTo(sessionTtl) <= 0);
    }

    @AssertTrue(message = "download-ttl must be positive")
    boolean isDownloadTtlPositive() {
        return downloadTtl == null || positive(downloadTtl);
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    /**
     * Attributes of the three {@code Set-Cookie} headers. {@code domain} is the CDN's cookie domain (for example
     * {@code .vodflow.dev}, shared by the API and the CDN host); empty means host-only. {@code path} is where the CDN's
     * paths start (normally {@code /}); each cookie's own path is the folder its policy opens under it, {@code
     * output/{videoId}/} or {@code live/{channelId}/}. {@code secure} is off only
     * for the local edge, which speaks plain HTTP.
     */
    public record Cookie(
            String domain,
            @NotBlank String path,
            boolean secure,
            boolean httpOnly,

            @NotNull @Pattern(regexp = "Strict|Lax|None", message = "must be Strict, Lax or None")
            String sameSite) {}

    /**
     * The key group. {@code activeKeyId} signs new sessions; the other keys are kept so that switching the active
     * one is a setting change, while the distribution's key group keeps trusting the previous key until the
     * sessions it signed have expired. {@code cacheMaximumSize} bounds the signature cache; 0 turns it off.
     */
    public record Signing(
            @NotBlank String activeKeyId,
            @Valid @NotEmpty List<Key> keys,
            @PositiveOrZero long cacheMaximumSize) {}

    /**
     * One CloudFront key pair: its public key's id in the key group and the private key, PEM (PKCS#8 or PKCS#1),
     * either in a file ({@code privateKeyFile}) or given directly ({@code privateKeyPem}, typically bound from an
     * environment variable or a secret store). Never from the repository.
     */
    public record Key(@NotBlank String id, Path privateKeyFile, String privateKeyPem) {

        @AssertTrue(message = "exactly one of private-key-file and private-key-pem must be set")
        boolean isExactlyOneSource() {
            boolean file = privateKeyFile != null;
            boolean pem = privateKeyPem != null && !privateKeyPem.isBlank();
            return file ^ pem;
        }
    }
}
