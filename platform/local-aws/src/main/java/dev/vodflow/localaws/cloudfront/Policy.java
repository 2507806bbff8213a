package dev.vodflow.localaws.cloudfront;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one statement of a CloudFront policy, canned or custom.
 *
 * @param resource the resource pattern, or {@code null} when a custom policy leaves it out (then any URL matches)
 * @param dateLessThan access is allowed strictly before this second
 * @param dateGreaterThan access is allowed from this second on, or {@code null}
 * @param sourceIp the viewer's address must be in this range, or {@code null}
 */
record Policy(String resource, long dateLessThan, Long dateGreaterThan, SourceIpRange sourceIp) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> CONDITIONS = Set.of("DateLessThan", "DateGreaterThan", "IpAddress");

    /** The canned policy CloudFront rebuilds from the request URL and {@code Expires}; its bytes are what was signed. */
    static String canned(String resourceUrl, long expires) {
        return "{\"Statement\":[{\"Resource\":\"" + resourceUrl
                + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":" + expires + "}}}]}";
    }

    /** Parses a custom policy; throws {@link IllegalArgumentException} naming what is wrong with it. */
    static Policy parseCustom(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("policy is not JSON", e);
        }
        JsonNode statements = root == null ? null : root.get("Statement");
        if (statements == null || !statements.isArray() || statements.size() != 1) {
            throw new IllegalArgumentException("policy must have exactly one Statement");
        }
        JsonNode statement = statements.get(0);
        String resource = null;
        JsonNode resourceNode = statement.get("Resource");
        if (resourceNode != null) {
            if (!resourceNode.isString()) {
                throw new IllegalArgumentException("Resource must be a string");
            }
            resource = resourceNode.stringValue();
        }
        JsonNode condition = statement.get("Condition");
        if (condition == null || !condition.isObject()) {
            throw new IllegalArgumentException("policy has no Condition");
        }
        for (String name : condition.propertyNames()) {
            // A condition the edge does not understand must not be ignored: that would widen access.
            if (!CONDITIONS.contains(name)) {
                throw new IllegalArgumentException("unknown condition " + name);
            }
        }
        long dateLessThan = epochTime(condition.get("DateLessThan"), "DateLessThan");
        Long dateGreaterThan = condition.has("DateGreaterThan")
                ? epochTime(condition.get("DateGreaterThan"), "DateGreaterThan")
                : null;
        SourceIpRange sourceIp = null;
        JsonNode ip = condition.get("IpAddress");
        if (ip != null) {
            JsonNode range = ip.get("AWS:SourceIp");
            if (range == null || !range.isString()) {
                throw new IllegalArgumentException("IpAddress needs AWS:SourceIp");
            }
            sourceIp = SourceIpRange.parse(range.stringValue());
        }
        return new Policy(resource, dateLessThan, dateGreaterThan, sourceIp);
    }

    private static long epochTime(JsonNode node, String name) {
        JsonNode time = node == null ? null : node.get("AWS:EpochTime");
        if (time == null || !time.isIntegralNumber() || !time.canConvertToLong()) {
            throw new IllegalArgumentException(name + " needs an integral AWS:EpochTime");
        }
        return time.longValue();
    }

    /** Why this policy refuses the request, or {@code null} when it allows it. */
    Denial check(String url, Instant now, InetAddress viewer) {
        long second = now.getEpochSecond();
        if (resource != null && !ResourcePattern.of(resource).matches(url)) {
            return Denial.RESOURCE_MISMATCH;
        }
        if (second >= dateLessThan) {
            return Denial.EXPIRED;
        }
        if (dateGreaterThan != null && second < dateGreaterThan) {
            return Denial.NOT_YET_VALID;
        }
        if (sourceIp != null && !sourceIp.contains(viewer)) {
            return Denial.SOURCE_IP_MISMATCH;
        }
        return null;
    }
}
