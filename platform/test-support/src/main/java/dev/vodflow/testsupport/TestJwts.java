package dev.vodflow.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints RS256 JWTs with a key made for this test JVM, as the issuer {@link #ISSUER} for the audience
 * {@link #AUDIENCE}. The public key is served as a JWK set on loopback ({@link #jwkSetUri()}), which is how the
 * services find an issuer's keys in production too. {@link #forgeries} gives the tokens a service must refuse.
 */
public final class TestJwts {

    public static final String ISSUER = "https://issuer.vodflow.test";
    public static final String AUDIENCE = "vodflow-api";
    static final String KEY_ID = "vodflow-test";

    private static final KeyPair KEYS = generate();
    private static final URI JWK_SET = serveJwkSet();

    private TestJwts() {}

    /** A token for {@code subject} with the given roles (claim {@code roles}), valid for an hour. */
    public static String token(String subject, String... roles) {
        return token(subject, Duration.ofHours(1), roles);
    }

    public static String token(String subject, Duration validity, String... roles) {
        return sign(
                claims(subject, roles).expirationTime(Date.from(Instant.now().plus(validity))));
    }

    /** The properties a service reads its token rules from (see {@code platform/security}). */
    public static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("vodflow.security.issuer", ISSUER);
        properties.put("vodflow.security.audience", AUDIENCE);
        properties.put("vodflow.security.jwk-set-uri", jwkSetUri().toString());
        return properties;
    }

    /** Where this JVM's test issuer publishes its public key. */
    public static URI jwkSetUri() {
        return JWK_SET;
    }

    /**
     * Tokens for {@code subject} that a service must answer with 401, by what is wrong with them: each differs
     * from a good token in that one respect only.
     */
    public static Map<String, String> forgeries(String subject) {
        Instant now = Instant.now();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(
                "expired",
                sign(claims(subject)
                        .issueTime(Date.from(now.minus(Duration.ofHours(2))))
                        .expirationTime(Date.from(now.minus(Duration.ofHours(1))))));
        tokens.put(
                "not yet valid",
                sign(claims(subject)
                        .notBeforeTime(Date.from(now.plus(Duration.ofHours(1))))
                        .expirationTime(Date.from(now.plus(Duration.ofHours(2))))));
        tokens.put("wrong issuer", sign(valid(subject).issuer("https://elsewhere.example")));
        tokens.put("wrong audience", sign(valid(subject).audience("another-client")));
        tokens.put("alg none", new PlainJWT(valid(subject).build()).serialize());
        tokens.put(
                "HS256 keyed with the public key",
                hs256WithPublicKey(valid(subject).build()));
        tokens.put("unknown kid", signWithUnknownKey(valid(subject).build()));
        tokens.put("no expiry", sign(claims(subject)));
        return tokens;
    }

    private static JWTClaimsSet.Builder valid(String subject) {
        return claims(subject).expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))));
    }

    private static JWTClaimsSet.Builder claims(String subject, String... roles) {
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(new Date())
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", "vodflow")
                .claim("roles", List.of(roles));
    }

    private static String sign(JWTClaimsSet.Builder claims) {
        return sign(claims.build(), new RSASSASigner(KEYS.getPrivate()), JWSAlgorithm.RS256, KEY_ID);
    }

    private static String sign(JWTClaimsSet claims, JWSSigner signer, JWSAlgorithm algorithm, String keyId) {
        SignedJWT jwt =
                new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a test JWT", e);
        }
        return jwt.serialize();
    }

    /** The classic algorithm confusion: a verifier that used the RSA public key as an HMAC secret would accept it. */
    private static String hs256WithPublicKey(JWTClaimsSet claims) {
        try {
            return sign(claims, new MACSigner(KEYS.getPublic().getEncoded()), JWSAlgorithm.HS256, KEY_ID);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make an HMAC signer", e);
        }
    }

    private static String signWithUnknownKey(JWTClaimsSet claims) {
        return sign(claims, new RSASSASigner(generate().getPrivate()), JWSAlgorithm.RS256, "not-" + KEY_ID);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides RSA", e);
        }
    }

    /** A daemon HTTP server on loopback for the JVM's lifetime; services fetch the key set from it. */
    private static URI serveJwkSet() {
        byte[] body = new JWKSet(new RSAKey.Builder((RSAPublicKey) KEYS.getPublic())
                        .keyID(KEY_ID)
                        .build())
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks", new JwkSetHandler(body));
            // The server's dispatcher thread takes its daemon flag from the thread that starts it: started from a
            // daemon thread, it never keeps a test JVM (or a benchmark's main) from exiting.
            Thread starter = new Thread(server::start, "test-jwk-set-start");
            starter.setDaemon(true);
            starter.start();
            starter.join();
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
            // The first answer loads the server's date formatting and more; on a busy machine that took long enough
            // for a service's first key fetch to time out, so it is paid here, once.
            HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
            return uri;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the test JWK set", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the test JWK set", e);
        }
    }

    /**
     * Serves the key set. A class of its own rather than a lambda: a lambda's body is a method of TestJwts, which
     * would wait for TestJwts to finish initialising, and the first request is made while it initialises.
     */
    private static final class JwkSetHandler implements HttpHandler {

        private final byte[] body;

        JwkSetHandler(byte[] body) {
            this.body = body;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }
    }
}
