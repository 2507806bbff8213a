package dev.vodflow.observability;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * The shared defaults ({@code vodflow-observability.properties}, below everything a service or deployment sets) and
 * the one log switch: {@code vodflow.log-format} ({@code VODFLOW_LOG_FORMAT}) = {@code text} (the default),
 * {@code json} or {@code ecs} (Elastic Common Schema), {@code logstash} or {@code gelf}, one JSON object per line
 * with the trace id, span id and video id.
 */
class LogFormat implements EnvironmentPostProcessor {

    static final String SETTING = "vodflow.log-format";
    private static final Map<String, String> FORMATS =
            Map.of("json", "ecs", "ecs", "ecs", "logstash", "logstash", "gelf", "gelf");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new java.util.LinkedHashMap<>();
        try {
            PropertiesLoaderUtils.loadProperties(new ClassPathResource("vodflow-observability.properties"))
                    .forEach((key, value) -> defaults.put(key.toString(), value));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("vodflow-observability.properties is part of this jar", e);
        }
        String format = structuredFormat(environment.getProperty(SETTING));
        if (format != null) {
            defaults.put("logging.structured.format.console", format);
        }
        environment.getPropertySources().addLast(new MapPropertySource("vodflow-observability", defaults));
    }

    /** Spring Boot's structured format for the setting; null for plain text. */
    static String structuredFormat(String setting) {
        if (setting == null || setting.isBlank() || setting.trim().equalsIgnoreCase("text")) {
            return null;
        }
        String format = FORMATS.get(setting.trim().toLowerCase(Locale.ROOT));
        if (format == null) {
            throw new IllegalStateException(SETTING + " (VODFLOW_LOG_FORMAT) must be one of text, json, ecs, logstash, "
                    + "gelf; is '" + setting + "'");
        }
        return format;
    }
}
