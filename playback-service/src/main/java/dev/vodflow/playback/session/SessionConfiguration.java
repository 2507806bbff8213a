package dev.vodflow.playback.session;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
    Entitlement entitlement(PlaybackProperties properties) {
        return new Entitlement(properties.anonymousViewing());
    }
}
