package dev.vodflow.localaws.mediaconvert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * A JSON object of the job settings with the path that leads to it, so that every refusal names the
 * field (MediaConvert answers {@code /outputGroups/0/outputs/1/...: reason}).
 */
final class Fields {

    private final JsonNode node;
    private final String path;

    private Fields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Fields root(JsonNode node, String path) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw ApiException.badRequest(path + ": is required");
        }
        if (!node.isObject()) {
            throw ApiException.badRequest(path + ": must be an object");
        }
        return new Fields(node, path);
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path + "/" + key;
    }

    /** Refuses members the emulator does not implement, instead of silently ignoring them. */
    Fields allowOnly(String... keys) {
        Set<String> allowed = Set.of(keys);
        Set<String> unknown = new TreeSet<>();
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw ApiException.badRequest(path(first) + ": is not a supported setting (supported here: "
                    + String.join(", ", new TreeSet<>(Arrays.asList(keys))) + ")");
        }
        return this;
    }

    java.util.Collection<String> names() {
        return node.propertyNames();
    }

    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    Fields object(String key) {
        return has(key) ? root(node.get(key), path(key)) : null;
    }

    Fields requiredObject(String key) {
        return root(node.get(key), path(key));
    }

    List<Fields> objects(String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.badRequest(path(key) + ": is required");
            }
            return List.of();
        }
        if (!value.isArray()) {
            throw ApiException.badRequest(path(key) + ": must be a list");
        }
        List<Fields> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            result.add(root(value.get(i), path(key) + "/" + i));
        }
        return result;
    }

    List<Fields> mapValues(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isObject()) {
            throw ApiException.badRequest(path(key) + ": must be a map");
        }
        List<Fields> result = new ArrayList<>();
        for (var entry : value.properties()) {
            result.add(root(entry.getValue(), path(key) + "/" + entry.getKey()));
        }
        return result;
    }

    String string(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        if (!value.isString()) {
            throw ApiException.badRequest(path(key) + ": must be a string");
        }
        return value.stringValue();
    }

    String requiredString(String key) {
        String value = string(key);
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(path(key) + ": is required");
        }
        return value;
    }

    String oneOf(String key, String defaultValue, String... allowed) {
        String value = string(key);
        if (value == null) {
            return defaultValue;
        }
        if (!Arrays.asList(allowed).contains(value)) {
            throw ApiException.badRequest(
                    path(key) + ": unsupported value '" + value + "' (supported: " + String.join(", ", allowed) + ")");
        }
        return value;
    }

    Integer integer(String key, long min, long max) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        if (!value.isIntegralNumber()) {
            throw ApiException.badRequest(path(key) + ": must be a whole number");
        }
        long number = value.asLong();
        if (number < min || number > max) {
            throw ApiException.badRequest(path(key) + ": must be between " + min + " and " + max + ", was " + number);
        }
        return (int) number;
    }

    Double number(String key, double min, double max) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        if (!value.isNumber()) {
            throw ApiException.badRequest(path(key) + ": must be a number");
        }
        double number = value.asDouble();
        if (number < min || number > max) {
            throw ApiException.badRequest(path(key) + ": must be between " + min + " and " + max + ", was " + number);
        }
        return number;
    }

    ApiException invalid(String key, String reason) {
        return ApiException.badRequest(path(key) + ": " + reason);
    }
}
