package dev.vodflow.notification.email;

import dev.vodflow.notification.webhook.WebhookDisabled;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.event.EventListener;

/**
 * Mail to the operators named in configuration: a webhook endpoint was disabled (once per disabling), or records
 * reached a dead-letter topic (at most once per topic in each {@code dead-letter-mail-interval} window, counted in
 * the records' own time, so a replay or a storm of dead letters sends no more).
 */
final class OperatorMail {

    /** Operators read English; the templates are the same as users'. */
    private static final Locale LOCALE = Locale.ENGLISH;

    private final List<String> operators;
    private final Outbox outbox;
    private final MailTemplates templates;
    private final MailLinks links;
    private final Duration deadLetterInterval;

    OperatorMail(
            List<String> operators,
            Outbox outbox,
            MailTemplates templates,
            MailLinks links,
            Duration deadLetterInterval) {
        this.operators = operators;
        this.outbox = outbox;
        this.templates = templates;
        this.links = links;
        this.deadLetterInterval = deadLetterInterval;
    }

    /** Runs in the disabling transaction: the mail is queued if and only if the endpoint was disabled. */
    @EventListener
    void webhookDisabled(WebhookDisabled disabled) {
        Map<String, Object> model = new HashMap<>();
        model.put("webhookId", disabled.webhookId().toString());
        model.put("ownerId", disabled.ownerId());
        model.put("url", disabled.url());
        model.put("reason", disabled.reason());
        model.put("disabledAt", disabled.disabledAt().toString());
        String key = "webhook-disabled:" + disabled.webhookId() + ":" + disabled.disabledAt();
        queue(key, MailKind.WEBHOOK_DISABLED, model, disabled.url());
    }

    void deadLetter(DeadLetter record) {
        long window = record.writtenAt().toEpochMilli() / deadLetterInterval.toMillis();
        String key = "dead-letter:" + record.topic() + ":" + window;
        Map<String, Object> model = new HashMap<>();
        model.put("topic", record.topic());
        model.put("originalTopic", record.originalTopic());
        model.put("partition", Integer.toString(record.partition()));
        model.put("offset", Long.toString(record.offset()));
        model.put("cause", record.cause());
        model.put("writtenAt", record.writtenAt().toString());
        model.put("interval", deadLetterInterval.toString().substring(2).toLowerCase(Locale.ROOT));
        queue(key, MailKind.DEAD_LETTER, model, record.topic());
    }

    private void queue(String key, MailKind kind, Map<String, Object> model, Object subjectArg) {
        for (String operator : operators) {
            String perOperator = key + ":" + operator;
            if (outbox.exists(perOperator)) {
                continue;
            }
            Map<String, Object> mailModel = new HashMap<>(model);
            String unsubscribe = links.unsubscribe(new UnsubscribeTokens.Operator(operator));
            mailModel.put("unsubscribeUrl", unsubscribe);
            mailModel.put("why", "footer.why.operator");
            outbox.enqueue(
                    perOperator, kind, operator, templates.render(kind, LOCALE, mailModel, subjectArg), unsubscribe);
        }
    }
}
