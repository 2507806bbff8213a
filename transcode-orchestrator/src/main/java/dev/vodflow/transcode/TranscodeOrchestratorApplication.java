package dev.vodflow.transcode;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TranscodeOrchestratorApplication {

    public static void main(String[] args) {
        SpringApplication.run(TranscodeOrchestratorApplication.class, args);
    }
}
