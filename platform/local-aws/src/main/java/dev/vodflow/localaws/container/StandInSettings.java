package dev.vodflow.localaws.container;

import dev.vodflow.localaws.LocalAws;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one stand-in container runs and where it finds the others, from its arguments and environment. A
 * missing or malformed setting fails the start with the variable's name, before anything listens.
 *
 * @param role the stand-in this container runs
 * @param port the port it serves on every interface
 * @param dataDirectory where S3 objects and MediaConvert work files are kept (a volume)
 * @param s3Endpoint where the S3 stand-in answers, for the roles that read or write objects
 * @param sqsEndpoint where the SQS stand-in answers, for the roles that send events
 * @param corsOrigins the web page's origins, allowed to upload to S3 and to read from the CDN
 * @param cdnKeysDirectory the CloudFront public keys ({@code cloudfront-<key pair id>.pub.pem})
 */
record StandInSettings(
        Role role,
        int port,
        Path dataDirectory,
        URI s3Endpoint,
        URI sqsEndpoint,
        List<String> corsOrigins,
        Path cdnKeysDirectory) {

    /** The stand-ins, each with the port its production counterpart's local URL uses in the dev stack. */
    enum Role {
        SQS(9324),
        S3(9000),
        MEDIACONVERT(8086),
        MEDIALIVE(8087),
        CDN(8090);

        final int defaultPort;

        Role(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        static Role parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown stand-in '" + name + "'; choose one of " + names(), e);
            }
        }

        static List<String> names() {
            return Arrays.stream(values())
                    .map(r -> r.name().toLowerCase(Locale.ROOT))
                    .toList();
        }
    }

    static StandInSettings from(String[] arguments, Map<String, String> environment) {
        if (arguments.length != 1) {
            throw new IllegalArgumentException("give the stand-in to run as the only argument, one of " + Role.names()
                    + "; got " + Arrays.toString(arguments));
        }
        Role role = Role.parse(arguments[0]);
        int port = port(environment.getOrDefault("VODFLOW_PORT", Integer.toString(role.defaultPort)));
        Path data = Path.of(environment.getOrDefault("VODFLOW_DATA_DIRECTORY", "/var/lib/vodflow"));
        URI s3 = role == Role.MEDIACONVERT || role == Role.MEDIALIVE || role == Role.CDN
                ? endpoint(environment, "VODFLOW_S3_ENDPOINT")
                : null;
        URI sqs = role == Role.S3 || role == Role.MEDIACONVERT ? endpoint(environment, "VODFLOW_SQS_ENDPOINT") : null;
        List<String> origins = Arrays.stream(
                        environment.getOrDefault("VODFLOW_CORS_ORIGINS", "").split(","))
                .map(String::trim)
                .filter(origin -> !origin.isEmpty())
                .toList();
        Path keys = role == Role.CDN ? Path.of(required(environment, "VODFLOW_CDN_KEYS_DIRECTORY")) : null;
        return new StandInSettings(role, port, data, s3, sqs, origins, keys);
    }

    /** The URL of an SQS queue of the stand-in, as ElasticMQ names it. */
    String queueUrl(String queue) {
        return sqsEndpoint.toString().replaceAll("/+$", "") + "/" + LocalAws.ACCOUNT_ID + "/" + queue;
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("VODFLOW_PORT must be a port number (1-65535), is '" + value + "'");
        }
    }

    private static URI endpoint(Map<String, String> environment, String name) {
        String value = required(environment, name);
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a URL like http://s3:9000, is '" + value + "'", e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be a URL like http://s3:9000, is '" + value + "'");
        }
        return uri;
    }

    private static String required(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required by this stand-in and not set");
        }
        return value.trim();
    }
}
