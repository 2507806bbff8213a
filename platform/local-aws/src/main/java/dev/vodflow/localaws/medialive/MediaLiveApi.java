package dev.vodflow.localaws.medialive;

import com.sun.net.httpserver.HttpExchange;
import dev.vodflow.localaws.LoopbackHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MediaLive's REST API (restJson, paths under {@code /prod/}) for the operations a channel's life needs: inputs
 * (create, describe, update the stream keys, delete) and channels (create, describe, update, start, stop, delete),
 * as the AWS SDK's {@code MediaLiveClient} sends them.
 */
final class MediaLiveApi {

    private static final Logger log = LoggerFactory.getLogger(MediaLiveApi.class);
    private static final String REGION_ACCOUNT = "us-east-1:000000000000";

    private final LiveChannels channels;
    private final JsonMapper json;
    private final IntSupplier rtmpPort;
    private final IntSupplier srtPort;
    private LoopbackHttp http;

    private MediaLiveApi(LiveChannels channels, JsonMapper json, IntSupplier rtmpPort, IntSupplier srtPort) {
        this.channels = channels;
        this.json = json;
        this.rtmpPort = rtmpPort;
        this.srtPort = srtPort;
    }

    /** @param srtPort the SRT ingest port, or -1 when the emulator has none (SRT inputs are then refused) */
    static MediaLiveApi start(
            int port, LiveChannels channels, JsonMapper json, IntSupplier rtmpPort, IntSupplier srtPort) {
        MediaLiveApi api = new MediaLiveApi(channels, json, rtmpPort, srtPort);
        api.http = LoopbackHttp.start(port, "medialive-api", api::handle);
        return api;
    }

    URI endpoint() {
        return http.endpoint();
    }

    void stop() {
        http.stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (LiveChannels.ApiError e) {
                error(exchange, e.status, e.type, e.getMessage());
            } catch (ChannelPlan.BadRequest e) {
                error(exchange, 400, "BadRequestException", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("MediaLive emulator request failed", e);
                error(exchange, 500, "InternalServerErrorException", "Internal error: " + e.getMessage());
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String[] path = exchange.getRequestURI().getPath().replaceAll("/+$", "").split("/");
        // ["", "prod", "inputs" | "channels", id?, action?]
        if (path.length < 3 || !path[1].equals("prod")) {
            throw notFound(method, exchange);
        }
        String id = path.length > 3 ? path[3] : null;
        String action = path.length > 4 ? path[4] : null;
        switch (path[2] + " " + method + (id == null ? "" : " id") + (action == null ? "" : " " + action)) {
            case "inputs POST" -> {
                JsonNode body = body(exchange);
                LiveChannels.InputType type = inputType(body);
                var input = channels.createInput(body.path("name").asString(""), type, streamNames(type, body));
                respond(exchange, 201, wrap("input", input(input)));
            }
            case "inputs GET id" -> respond(exchange, 200, input(channels.input(id)));
            case "inputs PUT id" -> {
                LiveChannels.InputType type = channels.input(id).type;
                respond(
                        exchange,
                        200,
                        wrap("input", input(channels.updateInput(id, streamNames(type, body(exchange))))));
            }
            case "inputs DELETE id" -> {
                channels.deleteInput(id);
                respond(exchange, 200, json.createObjectNode());
            }
            case "channels POST" -> {
                JsonNode body = body(exchange);
                var channel = channels.createChannel(body.path("name").asString(""), attachedInputs(body), body);
                respond(exchange, 201, wrap("channel", channel(channel)));
            }
            case "channels GET id" -> respond(exchange, 200, channel(channels.channel(id)));
            case "channels PUT id" ->
                respond(
                        exchange,
                        200,
                        wrap("channel", channel(channels.updateChannel(id, merged(id, body(exchange))))));
            case "channels POST id start" -> {
                ObjectNode answer = channel(channels.start(id));
                respond(exchange, 200, answer);
            }
            case "channels POST id stop" -> respond(exchange, 200, channel(channels.stop(id)));
            case "channels POST id restartChannelPipelines" -> {
                for (int pipeline : pipelineIds(body(exchange))) {
                    channels.pipeline(id, pipeline, false);
                }
                respond(exchange, 200, channel(channels.channel(id)));
            }
            // not MediaLive: failure injection, a pipeline's encoder dies until restartChannelPipelines
            case "channels POST id killChannelPipelines" -> {
                for (int pipeline : pipelineIds(body(exchange))) {
                    channels.pipeline(id, pipeline, true);
                }
                respond(exchange, 200, channel(channels.channel(id)));
            }
            case "channels DELETE id" -> {
                var channel = channels.channel(id);
                channels.delete(id);
                respond(exchange, 200, channel(channel));
            }
            default -> throw notFound(method, exchange);
        }
    }

    /** UpdateChannel sends only what changes; the rest stays as created. */
    private JsonNode merged(String id, JsonNode update) {
        ObjectNode merged = ((ObjectNode) channels.channel(id).request).deepCopy();
        update.properties().forEach(field -> merged.set(field.getKey(), field.getValue()));
        return merged;
    }

    private static LiveChannels.ApiError notFound(String method, HttpExchange exchange) {
        return new LiveChannels.ApiError(
                404,
                "NotFoundException",
                "No MediaLive operation " + method + " "
                        + exchange.getRequestURI().getPath() + " in this emulator");
    }

    /** {@code {"pipelineIds": ["PIPELINE_0", "PIPELINE_1"]}}; none named means both, as MediaLive does. */
    private static List<Integer> pipelineIds(JsonNode body) {
        List<Integer> ids = new ArrayList<>();
        for (JsonNode id : body.path("pipelineIds")) {
            switch (id.asString("")) {
                case "PIPELINE_0" -> ids.add(0);
                case "PIPELINE_1" -> ids.add(1);
                default ->
                    throw new LiveChannels.ApiError(
                            400, "BadRequestException", "pipelineIds: PIPELINE_0 or PIPELINE_1, was " + id);
            }
        }
        return ids.isEmpty() ? List.of(0, 1) : ids;
    }

    private LiveChannels.InputType inputType(JsonNode body) {
        String type = body.path("type").asString("");
        if (type.equals("SRT_LISTENER") && srtPort.getAsInt() < 0) {
            throw new LiveChannels.ApiError(
                    400, "BadRequestException", "type: this emulator was started without an SRT port (withSrtPort)");
        }
        try {
            return LiveChannels.InputType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new LiveChannels.ApiError(
                    400,
                    "BadRequestException",
                    "type: the emulator supports RTMP_PUSH and SRT_LISTENER inputs, was " + body.path("type"));
        }
    }

    /**
     * One input, or two as MediaLive's automatic input failover pair: the first attachment names the second
     * ({@code automaticInputFailoverSettings.secondaryInputId}). Whichever of the two an encoder publishes to feeds
     * the channel, as MediaLive switches to the input that has content.
     */
    private static List<String> attachedInputs(JsonNode body) {
        JsonNode attachments = body.path("inputAttachments");
        List<String> ids = new ArrayList<>();
        attachments.forEach(attachment -> ids.add(attachment.path("inputId").asString("")));
        boolean pair = ids.size() == 2
                && ids.get(1)
                        .equals(attachments
                                .get(0)
                                .path("automaticInputFailoverSettings")
                                .path("secondaryInputId")
                                .asString(""));
        if (ids.size() != 1 && !pair) {
            throw new LiveChannels.ApiError(
                    400,
                    "BadRequestException",
                    "inputAttachments: the emulator takes one input, or an automatic input failover pair whose first"
                            + " attachment names the second as secondaryInputId");
        }
        return ids;
    }

    /** RTMP: each destination's {@code app/key}; SRT: {@code srtSettings.srtListenerSettings.streamId}. */
    private static List<String> streamNames(LiveChannels.InputType type, JsonNode body) {
        if (type == LiveChannels.InputType.SRT_LISTENER) {
            String streamId = body.path("srtSettings")
                    .path("srtListenerSettings")
                    .path("streamId")
                    .asString("");
            if (streamId.isBlank() || streamId.length() > 512) {
                throw new LiveChannels.ApiError(
                        400,
                        "BadRequestException",
                        "srtSettings/srtListenerSettings/streamId: an SRT listener input needs the streamid its"
                                + " callers send (1-512 characters)");
            }
            return List.of(streamId);
        }
        List<String> names = new ArrayList<>();
        JsonNode destinations = body.path("destinations");
        for (int i = 0; i < destinations.size(); i++) {
            String name = destinations.get(i).path("streamName").asString("");
            if (!name.matches("[^/\\s]+/[^/\\s]+")) {
                throw new LiveChannels.ApiError(
                        400,
                        "BadRequestException",
                        "destinations/" + i + "/streamName: must be appName/instanceName, was '" + name + "'");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw new LiveChannels.ApiError(400, "BadRequestException", "destinations: an RTMP push input needs one");
        }
        return names;
    }

    private ObjectNode input(LiveChannels.Input input) {
        ObjectNode node = json.createObjectNode();
        node.put("arn", "arn:aws:medialive:" + REGION_ACCOUNT + ":input:" + input.id);
        node.put("id", input.id);
        node.put("name", input.name);
        node.put("type", input.type.name());
        node.put(
                "inputClass",
                input.type == LiveChannels.InputType.SRT_LISTENER || input.streamNames.size() == 2
                        ? "STANDARD"
                        : "SINGLE_PIPELINE");
        node.put("state", input.channelId == null ? "DETACHED" : "ATTACHED");
        ArrayNode attached = node.putArray("attachedChannels");
        if (input.channelId != null) {
            attached.add(input.channelId);
        }
        ArrayNode destinations = node.putArray("destinations");
        if (input.type == LiveChannels.InputType.SRT_LISTENER) {
            node.putObject("srtSettings").putObject("srtListenerSettings").put("streamId", input.streamNames.get(0));
            // MediaLive gives a STANDARD listener input one address per pipeline; here both are the one port
            for (int pipeline = 0; pipeline < 2; pipeline++) {
                destinations
                        .addObject()
                        .put("ip", "127.0.0.1")
                        .put("port", String.valueOf(srtPort.getAsInt()))
                        .put("url", "srt://127.0.0.1:" + srtPort.getAsInt());
            }
            return node;
        }
        for (String streamName : input.streamNames) {
            destinations
                    .addObject()
                    .put("ip", "127.0.0.1")
                    .put("port", String.valueOf(rtmpPort.getAsInt()))
                    .put("url", "rtmp://127.0.0.1:" + rtmpPort.getAsInt() + "/" + streamName);
        }
        return node;
    }

    private ObjectNode channel(LiveChannels.Channel channel) {
        ObjectNode node = ((ObjectNode) channel.request).deepCopy();
        node.remove("requestId");
        node.put("arn", "arn:aws:medialive:" + REGION_ACCOUNT + ":channel:" + channel.id);
        node.put("id", channel.id);
        node.put("name", channel.name);
        node.put("state", channel.state.name());
        node.put("channelClass", channel.plan.hlsBases().size() == 2 ? "STANDARD" : "SINGLE_PIPELINE");
        node.put("pipelinesRunningCount", channels.pipelinesRunning(channel));
        return node;
    }

    private ObjectNode wrap(String name, ObjectNode value) {
        ObjectNode result = json.createObjectNode();
        result.set(name, value);
        return result;
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        try {
            JsonNode node = json.readTree(bytes.length == 0 ? "{}".getBytes() : bytes);
            if (!node.isObject()) {
                throw new LiveChannels.ApiError(400, "BadRequestException", "the body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new LiveChannels.ApiError(
                    400, "BadRequestException", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        ObjectNode body = json.createObjectNode();
        body.put("message", message);
        respond(exchange, status, body);
    }

    private void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
