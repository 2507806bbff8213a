package dev.vodflow.live.encoder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adds {@code srtSettings.srtListenerSettings} to a CreateInput or UpdateInput request. MediaLive's SRT listener
 * inputs (type {@code SRT_LISTENER}: MediaLive listens, the encoder calls with a streamid) are newer than the AWS SDK
 * pinned in the parent POM (2.40.2 models {@code SRT_CALLER} only), so the SDK sends the type as a plain string and
 * this interceptor writes the listener settings into the JSON body before the request is signed. Remove it, and use
 * the SDK's own builder, once the SDK BOM is at a version that models SRT listener inputs.
 */
public final class SrtListenerSettings implements ExecutionInterceptor {

    /** The streamid the input takes: set on a request's override configuration, read here. */
    static final ExecutionAttribute<String> STREAM_ID = new ExecutionAttribute<>("vodflow.srtListenerStreamId");

    private static final ExecutionAttribute<byte[]> BODY = new ExecutionAttribute<>("vodflow.srtListenerBody");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What MediaLive buffers to recover lost packets: 1 s covers about four round trips of a long internet path. */
    static final int MINIMUM_LATENCY_MS = 1000;

    /** Registered on the MediaLive client ({@code overrideConfiguration}); acts only on requests that ask for it. */
    public SrtListenerSettings() {}

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        byte[] bytes = body(context, attributes);
        if (bytes == null) {
            return context.httpRequest();
        }
        // the marshalled request carries its own copy of the body: replace it too, so no stage sends the old one
        if (context.httpRequest() instanceof SdkHttpFullRequest full) {
            return full.toBuilder()
                    .contentStreamProvider(() -> new ByteArrayInputStream(bytes))
                    .putHeader("Content-Length", String.valueOf(bytes.length))
                    .build();
        }
        return context.httpRequest().toBuilder()
                .putHeader("Content-Length", String.valueOf(bytes.length))
                .build();
    }

    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        byte[] bytes = body(context, attributes);
        return bytes == null ? context.requestBody() : Optional.of(RequestBody.fromBytes(bytes));
    }

    /** The body with the listener settings, made once per request (the SDK asks for content before headers). */
    private static byte[] body(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        String streamId = attributes.getAttribute(STREAM_ID);
        if (streamId == null || context.requestBody().isEmpty()) {
            return null;
        }
        byte[] made = attributes.getAttribute(BODY);
        if (made != null) {
            return made;
        }
        ObjectNode body;
        try (InputStream in =
                context.requestBody().get().contentStreamProvider().newStream()) {
            body = (ObjectNode) JSON.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        body.putObject("srtSettings")
                .putObject("srtListenerSettings")
                .put("streamId", streamId)
                .put("minimumLatency", MINIMUM_LATENCY_MS);
        made = JSON.writeValueAsBytes(body);
        attributes.putAttribute(BODY, made);
        return made;
    }
}
