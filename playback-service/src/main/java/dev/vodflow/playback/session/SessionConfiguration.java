package dev.vodflow.playback.session;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PlaybackProperties.class)
class SessionConfiguration {

    @Bean
    SigningKeys signingKeys(PlaybackProperties properties) {
        return new SigningKeys(properties.signing());
    }

    @Bean
    CookieSigner cookieSigner(SigningKeys keys, PlaybackProperties properties, Clock clock) {
        return new CookieSigner(keys, properties, clock);
    }

    @Bean
    DownloadLinks downloadLinks(SigningKeys keys, PlaybackProperties properties, Clock clock) {
        return new DownloadLinks(keys, properties, clock);
    }

    @Bean
    CookieVerifier cookieVerifier(SigningKeys keys, JsonMapper json, Clock clock) {
        return new CookieVerifier(keys, json, clock);
    }

    @Bean
    Entitlement entitlement(PlaybackProperties properties) {
        return new Entitlement(properties.anonymousViewing());
    }
}
