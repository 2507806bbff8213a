package dev.vodflow.upload.uploads;

import dev.vodflow.upload.UploadProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Periodically expires uploads that were not completed in time (several instances may sweep at once). */
@Component
class ExpirySweep implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweep.class);

    private final Uploads uploads;
    private final UploadProperties settings;

    ExpirySweep(Uploads uploads, UploadProperties settings) {
        this.uploads = uploads;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::sweep, settings.expirySweepInterval());
    }

    void sweep() {
        try {
            int expired = uploads.expireOverdue();
            if (expired > 0) {
                log.info("expired {} upload(s) not completed within {}", expired, settings.expiry());
            }
        } catch (RuntimeException e) {
            // the next sweep tries again; one bad round must not cancel the schedule
            log.warn("expiry sweep failed: {}", e.toString());
        }
    }
}
