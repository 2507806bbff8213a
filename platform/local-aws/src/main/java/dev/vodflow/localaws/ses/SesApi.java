package dev.vodflow.localaws.ses;

import com.sun.net.httpserver.HttpExchange;
import dev.vodflow.localaws.LoopbackHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * SES v2's {@code SendEmail} in the restJson1 protocol the SDK speaks ({@code POST /v2/email/outbound-emails}), and
 * the developer's view of the mailbox: {@code GET /} (a page), {@code GET /mailbox} (JSON, oldest first),
 * {@code GET /mailbox/{messageId}/html} and {@code /text}, {@code DELETE /mailbox}. Requests are not signature
 * checked: the point is the wire format, not the credentials.
 */
final class SesApi {

    static final String SEND_EMAIL = "/v2/email/outbound-emails";
    private static final Logger log = LoggerFactory.getLogger(SesApi.class);
    private static final String MAILBOX = "/mailbox";

    private final Mailbox mailbox;
    private final SimulatorFeedback feedback;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Queue<SesFault> faults = new ConcurrentLinkedQueue<>();
    private volatile LoopbackHttp http;

    private SesApi(Mailbox mailbox, SimulatorFeedback feedback) {
        this.mailbox = mailbox;
        this.feedback = feedback;
    }

    static SesApi start(int port, Mailbox mailbox, SimulatorFeedback feedback) {
        SesApi api = new SesApi(mailbox, feedback);
        api.http = LoopbackHttp.start(port, "ses-api", api::handle);
        return api;
    }

    URI endpoint() {
        return http.endpoint();
    }

    void failNext(int count, SesFault fault) {
        for (int i = 0; i < count; i++) {
            faults.add(fault);
        }
    }

    void stop() {
        http.stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (BadRequest e) {
                error(exchange, 400, "BadRequestException", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Local SES request failed", e);
                error(exchange, 500, "InternalFailure", "Internal error: " + e.getMessage());
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (path.equals(SEND_EMAIL) && method.equals("POST")) {
            SesFault fault = faults.poll();
            if (fault != null) {
                error(exchange, fault.status, fault.errorType, fault.message);
                return;
            }
            ObjectNode result = json.createObjectNode();
            result.put("MessageId", sendEmail(body(exchange)));
            respond(exchange, 200, "application/json", json.writeValueAsBytes(result));
        } else if (path.equals("/") && method.equals("GET")) {
            respond(exchange, 200, "text/html; charset=utf-8", MailboxPage.render(mailbox.messages()));
        } else if (path.equals(MAILBOX) && method.equals("GET")) {
            respond(exchange, 200, "application/json", json.writeValueAsBytes(mailbox.messages()));
        } else if (path.equals(MAILBOX) && method.equals("DELETE")) {
            mailbox.clear();
            respond(exchange, 204, null, new byte[0]);
        } else if (path.startsWith(MAILBOX + "/") && method.equals("GET")) {
            showBody(exchange, path.substring(MAILBOX.length() + 1));
        } else {
            error(exchange, 404, "NotFoundException", "No SES operation " + method + " " + path + " in this stand-in");
        }
    }

    /** {@code {messageId}/html} or {@code {messageId}/text}. */
    private void showBody(HttpExchange exchange, String rest) throws IOException {
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String part = slash < 0 ? "html" : rest.substring(slash + 1);
        ReceivedMail mail = mailbox.messages().stream()
                .filter(m -> id.equals(m.messageId()))
                .findFirst()
                .orElse(null);
        if (mail == null || !(part.equals("html") || part.equals("text"))) {
            error(exchange, 404, "NotFoundException", "No message " + id + " (or no part " + part + ") here");
            return;
        }
        // Mail HTML runs no scripts in mail clients; nor here.
        exchange.getResponseHeaders().set("Content-Security-Policy", "script-src 'none'");
        if (part.equals("html")) {
            respond(exchange, 200, "text/html; charset=utf-8", bytes(mail.html()));
        } else {
            respond(exchange, 200, "text/plain; charset=utf-8", bytes(mail.text()));
        }
    }

    private String sendEmail(JsonNode request) {
        String from = text(request, "FromEmailAddress");
        if (from == null) {
            throw new BadRequest("FromEmailAddress is required");
        }
        List<String> to = new ArrayList<>();
        request.path("Destination").path("ToAddresses").forEach(node -> to.add(node.asString()));
        if (to.isEmpty()) {
            throw new BadRequest("Destination.ToAddresses must name at least one recipient");
        }
        String messageId = "0100" + Long.toHexString(System.currentTimeMillis()) + "-" + UUID.randomUUID() + "-000000";
        List<String> delivered = feedback.divertSimulatorAddresses(messageId, from, to, tags(request));
        if (delivered.isEmpty()) {
            return messageId;
        }
        JsonNode content = request.path("Content");
        if (content.has("Raw")) {
            String data = text(content.path("Raw"), "Data");
            if (data == null) {
                throw new BadRequest("Content.Raw.Data is required");
            }
            mailbox.deliverRaw(Base64.getDecoder().decode(data), delivered, messageId);
        } else if (content.has("Simple")) {
            JsonNode simple = content.path("Simple");
            String subject = text(simple.path("Subject"), "Data");
            String textBody = text(simple.path("Body").path("Text"), "Data");
            String htmlBody = text(simple.path("Body").path("Html"), "Data");
            if (subject == null || (textBody == null && htmlBody == null)) {
                throw new BadRequest("Content.Simple needs a Subject and a Text or Html body");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            simple.path("Headers").forEach(h -> headers.put(text(h, "Name"), text(h, "Value")));
            Map<String, String> tags = tags(request);
            if (!tags.isEmpty()) {
                // Lets a developer see the tags in the mailbox; SES itself only reports them in events.
                headers.put("X-SES-Tags", tags.toString());
            }
            mailbox.deliver(new OutgoingMail(messageId, from, delivered, subject, textBody, htmlBody, headers));
        } else {
            throw new BadRequest("Content must hold Simple or Raw (templates are not supported by this stand-in)");
        }
        return messageId;
    }

    private static Map<String, String> tags(JsonNode request) {
        Map<String, String> tags = new LinkedHashMap<>();
        request.path("EmailTags").forEach(tag -> tags.put(text(tag, "Name"), text(tag, "Value")));
        return tags;
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new BadRequest("The request body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new BadRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static byte[] bytes(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        ObjectNode body = json.createObjectNode();
        body.put("message", message);
        respond(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
