package dev.vodflow.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

class LogFormatTests {

    @Test
    void jsonMeansElasticCommonSchema() {
        assertThat(LogFormat.structuredFormat("JSON")).isEqualTo("ecs");
        assertThat(LogFormat.structuredFormat("logstash")).isEqualTo("logstash");
    }

    @Test
    void textOrNothingKeepsPlainLines() {
        assertThat(LogFormat.structuredFormat(null)).isNull();
        assertThat(LogFormat.structuredFormat(" ")).isNull();
        assertThat(LogFormat.structuredFormat("text")).isNull();
    }

    @Test
    void aServiceStartsWithTheSharedDefaultsFromSpringFactories() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .properties("spring.application.name=defaults-test", "spring.main.banner-mode=off")
                .run()) {
            Environment environment = context.getEnvironment();
            assertThat(environment.getProperty("spring.kafka.listener.observation-enabled"))
                    .isEqualTo("true");
            assertThat(environment.getProperty("spring.cloud.stream.kafka.binder.enable-observation"))
                    .isEqualTo("true");
            assertThat(environment.getProperty("management.metrics.tags.application"))
                    .isEqualTo("defaults-test");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}

    @Test
    void anUnknownFormatFailsNamingTheSetting() {
        assertThatIllegalStateException()
                .isThrownBy(() -> LogFormat.structuredFormat("xml"))
                .withMessageContaining("VODFLOW_LOG_FORMAT")
                .withMessageContaining("'xml'");
    }

    @Test
    void theSwitchTurnsOnStructuredConsoleLogsBelowTheServicesOwnSettings() {
        MockEnvironment environment = new MockEnvironment().withProperty(LogFormat.SETTING, "json");
        new LogFormat().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
        assertThat(environment.getProperty("management.tracing.export.zipkin.enabled"))
                .isEqualTo("false");

        MockEnvironment explicit = new MockEnvironment()
                .withProperty(LogFormat.SETTING, "json")
                .withProperty("management.endpoints.web.exposure.include", "health");
        new LogFormat().postProcessEnvironment(explicit, new SpringApplication());
        assertThat(explicit.getProperty("management.endpoints.web.exposure.include"))
                .isEqualTo("health");
    }
}
