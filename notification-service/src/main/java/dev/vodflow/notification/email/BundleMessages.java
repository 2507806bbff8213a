package dev.vodflow.notification.email;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.IMessageResolver;

/**
 * {@code #{key(args)}} in the mail templates, from the {@code email/messages} bundle in the mail's language. The
 * bundle never falls back to the JVM's default locale (a server in Germany must not send German to an English
 * profile), only to the base file, which is English.
 */
final class BundleMessages implements IMessageResolver {

    static final String BUNDLE = "email/messages";
    private static final ResourceBundle.Control NO_SYSTEM_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    static String message(Locale locale, String key, Object... params) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, NO_SYSTEM_FALLBACK);
        try {
            return new MessageFormat(bundle.getString(key), locale).format(params);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("no message '" + key + "' in " + BUNDLE + " for " + locale, e);
        }
    }

    @Override
    public String getName() {
        return "vodflow-email-messages";
    }

    @Override
    public Integer getOrder() {
        return 0;
    }

    @Override
    public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] params) {
        return message(context.getLocale(), key, params == null ? new Object[0] : params);
    }

    @Override
    public String createAbsentMessageRepresentation(
            ITemplateContext context, Class<?> origin, String key, Object[] params) {
        return "??" + key + "_" + context.getLocale() + "??";
    }
}
