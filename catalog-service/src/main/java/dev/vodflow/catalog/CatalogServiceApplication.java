package dev.vodflow.catalog;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Scheduling retries the removal of deleted videos' objects (see {@code video.Purges}). */
@SpringBootApplication
@EnableScheduling
public class CatalogServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CatalogServiceApplication.class, args);
    }

    /** Only the API's own changes read the clock; everything consumed keeps the event's time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
