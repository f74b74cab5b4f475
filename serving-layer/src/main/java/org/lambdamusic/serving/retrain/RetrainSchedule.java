package org.lambdamusic.serving.retrain;

import org.lambdamusic.serving.model.ObjectStoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Scheduled retraining, {@code serving.retrain.cron} (RETRAIN_CRON; {@code -} disables it). Every
 * instance fires; the lease lets one of them run and the others skip.
 */
@Component
public class RetrainSchedule {
    private static final Logger log = LoggerFactory.getLogger(RetrainSchedule.class);

    private final Retrainer retrainer;

    public RetrainSchedule(Retrainer retrainer) {
        this.retrainer = retrainer;
    }

    @Scheduled(cron = "${serving.retrain.cron}")
    public void fire() {
        try {
            RetrainRun run = retrainer.submit(Trigger.SCHEDULE);
            log.info("scheduled retrain queued run_id={}", run.runId());
        } catch (RetrainBusyException e) {
            log.info("scheduled retrain skipped: run {} is already going", e.runId());
        } catch (RetrainNotConfiguredException e) {
            log.warn("scheduled retrain skipped: {}", e.getBody().getDetail());
        } catch (ObjectStoreUnavailableException e) {
            log.warn("scheduled retrain skipped: the lease cannot be read ({})", e.getMessage());
        }
    }
}
