package dev.vodflow.notification.email;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders a mail from {@code email/templates/<kind>.html} and {@code .txt} with Thymeleaf: the HTML body escapes
 * whatever a user typed (a title is user input), the text body is plain. Subjects come from the message bundle.
 */
final class MailTemplates {

    private static final String PREFIX = "email/templates/";

    private final TemplateEngine engine;

    MailTemplates() {
        engine = new TemplateEngine();
        engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 2));
        engine.setMessageResolver(new BundleMessages());
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String pattern, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix(PREFIX);
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of(pattern));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        resolver.setCacheable(true);
        resolver.setOrder(order);
        return resolver;
    }

    /**
     * @param subjectArgs the arguments of the {@code <template>.subject} message
     */
    RenderedMail render(MailKind kind, Locale locale, Map<String, Object> model, Object... subjectArgs) {
        Context context = new Context(locale, model);
        return new RenderedMail(
                BundleMessages.message(locale, kind.template + ".subject", subjectArgs),
                engine.process(kind.template + ".txt", context),
                engine.process(kind.template + ".html", context));
    }

    /** A web page from the same templates and messages (the unsubscribe page). */
    String page(String template, Locale locale, Map<String, Object> model) {
        return engine.process(template + ".html", new Context(locale, model));
    }
}
