package dev.vodflow.localaws.cloudfront;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** One viewer request: CORS, signature, then the object from S3 with CloudFront's headers. */
final class EdgeHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(EdgeHandler.class);

    /**
     * Only transcoder outputs (streams under {@code output/}, the MP4s under {@code download/}) and live channels'
     * output are behind the distribution; uploads under {@code input/} (live recordings included) never are.
     */
    static final List<String> SERVED_PREFIXES = List.of("output/", "download/", "live/");

    /** Not a CloudFront header: tells a developer (and the tests) which rule refused the request. */
    static final String DENIAL_HEADER = "X-Vodflow-Edge-Denial";

    /** Not a CloudFront header: which origin of the live origin group answered. */
    static final String ORIGIN_HEADER = "X-Vodflow-Edge-Origin";

    static final String CONTENT_DISPOSITION_OVERRIDE = "response-content-disposition";

    /** How long the primary live origin may take before the secondary is asked. */
    static final Duration LIVE_ORIGIN_TIMEOUT = Duration.ofSeconds(2);

    private final SignedRequestVerifier verifier;
    private final S3Client s3;
    private final String bucket;
    private final Set<String> allowedOrigins;
    private final LiveOriginGroup live;

    EdgeHandler(SignedRequestVerifier verifier, S3Client s3, String bucket, Set<String> allowedOrigins) {
        this.verifier = verifier;
        this.s3 = s3;
        this.bucket = bucket;
        this.allowedOrigins = allowedOrigins;
        this.live = new LiveOriginGroup(this::liveOrigin);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            serve(exchange);
        } catch (IOException | RuntimeException e) {
            log.warn("edge request {} failed", exchange.getRequestURI(), e);
            throw e;
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        Headers response = exchange.getResponseHeaders();
        String method = exchange.getRequestMethod();
        boolean corsAllowed = applyCors(exchange.getRequestHeaders(), response);
        if ("OPTIONS".equals(method)) {
            preflight(exchange, corsAllowed);
            return;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            deny(exchange, Denial.METHOD_NOT_ALLOWED);
            return;
        }
        String key = exchange.getRequestURI().getPath().replaceFirst("^/+", "");
        if (SERVED_PREFIXES.stream().noneMatch(key::startsWith)
                || List.of(key.split("/")).contains("..")) {
            deny(exchange, Denial.OUTSIDE_ORIGIN);
            return;
        }
        SignedUrl signedUrl = SignedUrl.of(exchange);
        SignedRequestVerifier.Credentials credentials =
                signedUrl.signingParameters().isEmpty()
                        ? SignedRequestVerifier.Credentials.fromCookies(cookies(exchange.getRequestHeaders()))
                        : SignedRequestVerifier.Credentials.fromQuery(signedUrl.signingParameters());
        Denial denial = verifier.verify(
                signedUrl.url(), credentials, exchange.getRemoteAddress().getAddress());
        if (denial != null) {
            deny(exchange, denial);
            return;
        }
        if (LiveOriginGroup.isLive(key)) {
            live(exchange, key, "HEAD".equals(method));
        } else if ("HEAD".equals(method)) {
            head(exchange, key);
        } else {
            get(exchange, key, downloadName(exchange.getRequestURI().getRawQuery()));
        }
    }

    /**
     * S3's {@code response-content-disposition} override, which the production distribution forwards to the bucket
     * (the MP4 behaviour's origin request policy lists that query string; the origin access control signs the
     * request, as S3 requires for response overrides): a download link names the file the browser saves.
     */
    static String downloadName(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String parameter : rawQuery.split("&")) {
            if (parameter.startsWith(CONTENT_DISPOSITION_OVERRIDE + "=")) {
                return URLDecoder.decode(
                        parameter.substring(CONTENT_DISPOSITION_OVERRIDE.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** A live channel's file through the origin group; the viewer's signature was checked on the viewer path. */
    private void live(HttpExchange exchange, String key, boolean head) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        LiveOriginGroup.Fetched fetched;
        try {
            fetched = live.get(key, range, Instant.now());
        } catch (LiveOriginGroup.OriginFailure e) {
            log.warn("no live origin could answer {}: {}", key, e.getMessage());
            error(exchange, 502, "BadGateway", "The origin could not be read.");
            return;
        }
        if (fetched == null) {
            error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        Headers response = exchange.getResponseHeaders();
        objectHeaders(response, key, fetched.contentType(), fetched.eTag(), fetched.lastModified());
        response.set(ORIGIN_HEADER, fetched.key().substring(0, fetched.key().indexOf('/')));
        int status = 200;
        if (fetched.contentRange() != null) {
            response.set("Content-Range", fetched.contentRange());
            status = 206;
        }
        byte[] body = fetched.body();
        if (head) {
            response.set("Content-Length", String.valueOf(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** One live origin: S3 under the pipeline's prefix, with a deadline so a hung origin fails over too. */
    private LiveOriginGroup.Fetched liveOrigin(String key, String range) throws LiveOriginGroup.OriginFailure {
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket)
                    .key(key)
                    .range(range)
                    .overrideConfiguration(c -> c.apiCallTimeout(LIVE_ORIGIN_TIMEOUT)));
            GetObjectResponse meta = object.response();
            return new LiveOriginGroup.Fetched(
                    key,
                    object.asByteArray(),
                    meta.contentType(),
                    meta.eTag(),
                    meta.lastModified(),
                    meta.contentRange());
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw new LiveOriginGroup.OriginFailure(key + ": " + e.statusCode(), e);
        } catch (SdkClientException e) {
            throw new LiveOriginGroup.OriginFailure(key + ": " + e.getMessage(), e);
        }
    }

    private boolean applyCors(Headers request, Headers response) {
        // Vary on every response: a shared cache must not hand one origin's answer to another.
        response.add("Vary", "Origin");
        String origin = request.getFirst("Origin");
        if (origin == null || !allowedOrigins.contains(origin)) {
            return false;
        }
        response.set("Access-Control-Allow-Origin", origin);
        response.set("Access-Control-Allow-Credentials", "true");
        response.set(
                "Access-Control-Expose-Headers",
                "Content-Length, Content-Range, Accept-Ranges, ETag, Content-Disposition, " + ORIGIN_HEADER);
        return true;
    }

    private void preflight(HttpExchange exchange, boolean corsAllowed) throws IOException {
        Headers request = exchange.getRequestHeaders();
        String requestedMethod = request.getFirst("Access-Control-Request-Method");
        if (!corsAllowed || requestedMethod == null || !Set.of("GET", "HEAD").contains(requestedMethod)) {
            exchange.getResponseHeaders().remove("Access-Control-Allow-Origin");
            exchange.getResponseHeaders().remove("Access-Control-Allow-Credentials");
            exchange.getResponseHeaders().remove("Access-Control-Expose-Headers");
            deny(exchange, Denial.METHOD_NOT_ALLOWED);
            return;
        }
        Headers response = exchange.getResponseHeaders();
        response.set("Access-Control-Allow-Methods", "GET, HEAD");
        String requestedHeaders = request.getFirst("Access-Control-Request-Headers");
        if (requestedHeaders != null) {
            response.set("Access-Control-Allow-Headers", requestedHeaders);
        }
        response.set("Access-Control-Max-Age", "600");
        exchange.sendResponseHeaders(204, -1);
    }

    private void get(HttpExchange exchange, String key, String contentDisposition) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ResponseInputStream<GetObjectResponse> object;
        try {
            object = s3.getObject(
                    b -> b.bucket(bucket).key(key).range(range).responseContentDisposition(contentDisposition));
        } catch (NoSuchKeyException e) {
            error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        } catch (S3Exception e) {
            originError(exchange, e);
            return;
        }
        try (InputStream body = object) {
            GetObjectResponse meta = object.response();
            Headers response = exchange.getResponseHeaders();
            objectHeaders(response, key, meta.contentType(), meta.eTag(), meta.lastModified());
            if (meta.contentDisposition() != null) {
                response.set("Content-Disposition", meta.contentDisposition());
            }
            int status = 200;
            if (meta.contentRange() != null) {
                response.set("Content-Range", meta.contentRange());
                status = 206;
            }
            long length = meta.contentLength() == null ? 0 : meta.contentLength();
            exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
            if (length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    body.transferTo(out);
                }
            }
        }
    }

    private void head(HttpExchange exchange, String key) throws IOException {
        HeadObjectResponse meta;
        try {
            meta = s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            exchange.sendResponseHeaders(404, -1);
            return;
        } catch (S3Exception e) {
            exchange.sendResponseHeaders(e.statusCode() == 404 ? 404 : 502, -1);
            return;
        }
        Headers response = exchange.getResponseHeaders();
        objectHeaders(response, key, meta.contentType(), meta.eTag(), meta.lastModified());
        response.set("Content-Length", String.valueOf(meta.contentLength()));
        exchange.sendResponseHeaders(200, -1);
    }

    private static void objectHeaders(
            Headers response, String key, String contentType, String eTag, java.time.Instant lastModified) {
        response.set("Content-Type", MediaFiles.contentType(key, contentType));
        response.set("Cache-Control", MediaFiles.cacheControl(key));
        response.set("Accept-Ranges", "bytes");
        if (eTag != null) {
            response.set("ETag", eTag);
        }
        if (lastModified != null) {
            response.set(
                    "Last-Modified",
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(lastModified.atOffset(ZoneOffset.UTC)));
        }
    }

    private void originError(HttpExchange exchange, S3Exception e) throws IOException {
        if (e.statusCode() == 416) {
            error(exchange, 416, "InvalidRange", "The requested range is not satisfiable");
        } else if (e.statusCode() == 404) {
            error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
        } else {
            log.warn("origin error for {}", exchange.getRequestURI(), e);
            error(exchange, 502, "BadGateway", "The origin could not be read.");
        }
    }

    private static void deny(HttpExchange exchange, Denial denial) throws IOException {
        exchange.getResponseHeaders().set(DENIAL_HEADER, denial.name());
        error(exchange, 403, denial.code(), null, denial.body());
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        error(
                exchange,
                status,
                code,
                message,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error>");
    }

    private static void error(HttpExchange exchange, int status, String code, String message, String xml)
            throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        Headers response = exchange.getResponseHeaders();
        response.set("Content-Type", "text/xml");
        // Errors are cached briefly by CloudFront (error caching minimum TTL); never long, never immutable.
        response.set("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static Map<String, String> cookies(Headers request) {
        Map<String, String> cookies = new HashMap<>();
        for (String header : request.getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.putIfAbsent(
                            pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
        return cookies;
    }

    /** The URL a policy is matched against, and the signing parameters taken out of its query. */
    record SignedUrl(String url, Map<String, String> signingParameters) {

        static SignedUrl of(HttpExchange exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host == null) {
                host = "localhost:" + exchange.getLocalAddress().getPort();
            }
            return parse(
                    host,
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery());
        }

        static SignedUrl parse(String host, String rawPath, String query) {
            String base = "http://" + host.toLowerCase(Locale.ROOT) + rawPath;
            Map<String, String> signing = new HashMap<>();
            StringJoiner kept = new StringJoiner("&");
            if (query != null && !query.isEmpty()) {
                for (String parameter : query.split("&")) {
                    int eq = parameter.indexOf('=');
                    String name = eq < 0 ? parameter : parameter.substring(0, eq);
                    if (SignedRequestVerifier.Credentials.isSigningParameter(name)) {
                        String value = eq < 0 ? "" : parameter.substring(eq + 1);
                        signing.put(name, URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8));
                    } else {
                        kept.add(parameter);
                    }
                }
            }
            String url = kept.length() == 0 ? base : base + "?" + kept;
            return new SignedUrl(url, signing);
        }
    }
}
