package dev.vodflow.catalog.video;

import dev.vodflow.events.Visibility;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A {@code PATCH} body, merge-patch style: a field that is absent stays as it is, {@code "description":
 * null} clears the description. {@link #parse} refuses anything else, naming every bad field.
 *
 * @param description the new description when {@code descriptionChanged}, {@code null} to clear it
 */
record VideoChanges(
        Optional<String> title,
        boolean descriptionChanged,
        String description,
        Optional<Visibility> visibility,
        Optional<Boolean> downloadable) {

    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 5000;

    static VideoChanges parse(JsonNode body) {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(
                    List.of(new InvalidRequestException.FieldError("body", "must be a JSON object")));
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!List.of("title", "description", "visibility", "downloadable").contains(field.getKey())) {
                errors.add(new InvalidRequestException.FieldError(
                        field.getKey(),
                        "is not a field that can be changed (title, description, visibility, downloadable)"));
            }
        }
        Optional<String> title = Optional.empty();
        if (body.has("title")) {
            JsonNode node = body.get("title");
            if (!node.isString()) {
                errors.add(new InvalidRequestException.FieldError("title", "must be a string"));
            } else if (node.asString().isBlank()) {
                errors.add(new InvalidRequestException.FieldError("title", "must not be blank"));
            } else if (InvalidRequestException.hasNul(node.asString())) {
                errors.add(new InvalidRequestException.FieldError("title", InvalidRequestException.NUL));
            } else if (node.asString().strip().length() > MAX_TITLE) {
                errors.add(new InvalidRequestException.FieldError(
                        "title", "must be at most " + MAX_TITLE + " characters"));
            } else {
                title = Optional.of(node.asString().strip());
            }
        }
        String description = null;
        boolean descriptionChanged = body.has("description");
        if (body.has("description")) {
            JsonNode node = body.get("description");
            if (node.isNull()) {
                description = null;
            } else if (!node.isString()) {
                errors.add(new InvalidRequestException.FieldError("description", "must be a string or null"));
            } else if (InvalidRequestException.hasNul(node.asString())) {
                errors.add(new InvalidRequestException.FieldError("description", InvalidRequestException.NUL));
            } else if (node.asString().length() > MAX_DESCRIPTION) {
                errors.add(new InvalidRequestException.FieldError(
                        "description", "must be at most " + MAX_DESCRIPTION + " characters"));
            } else if (!node.asString().isBlank()) {
                description = node.asString().strip();
            }
        }
        Optional<Visibility> visibility = Optional.empty();
        if (body.has("visibility")) {
            JsonNode node = body.get("visibility");
            Optional<Visibility> parsed = node.isString()
                    ? Arrays.stream(Visibility.values())
                            .filter(v -> v.name().equals(node.asString()))
                            .findFirst()
                    : Optional.empty();
            if (parsed.isEmpty()) {
                errors.add(new InvalidRequestException.FieldError(
                        "visibility", "must be one of " + Arrays.toString(Visibility.values())));
            }
            visibility = parsed;
        }
        Optional<Boolean> downloadable = Optional.empty();
        if (body.has("downloadable")) {
            JsonNode node = body.get("downloadable");
            if (!node.isBoolean()) {
                errors.add(new InvalidRequestException.FieldError("downloadable", "must be true or false"));
            } else {
                downloadable = Optional.of(node.asBoolean());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new VideoChanges(title, descriptionChanged, description, visibility, downloadable);
    }
}
