package dev.vodflow.devstack.gateway;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The contracts on the front door: the event catalogue at {@code /docs/asyncapi.yaml} (a static file) and the JSON
 * Schemas it refers to at {@code /schemas/}, served from the events module itself so they cannot drift.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/schemas/**").addResourceLocations("classpath:/schemas/");
    }
}
