package org.lambdamusic.serving.retrain;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The "retrain" health component: WARNING from a failed run until the next one succeeds (the
 * previous model keeps serving meanwhile). WARNING maps to HTTP 200 and the component is not in the
 * readiness group (application.properties), so a failed retrain never takes an instance out of a
 * load balancer.
 */
@Component("retrain")
public class RetrainHealth implements HealthIndicator {
    public static final Status WARNING =
            new Status("WARNING", "the last retrain run failed; the previous model keeps serving");

    private final Retrainer retrainer;

    public RetrainHealth(Retrainer retrainer) {
        this.retrainer = retrainer;
    }

    @Override
    public Health health() {
        RetrainProperties properties = retrainer.properties();
        RetrainRun failure = retrainer.lastFailure();
        Health.Builder health = failure == null ? Health.up() : Health.status(WARNING);
        health.withDetail("configured", properties.configured())
                .withDetail("cron", properties.cron());
        if (!properties.configured()) {
            health.withDetail("missing", properties.missing());
        }
        retrainer.active().ifPresent(r -> health.withDetail("active_run", r.runId()));
        RetrainRun last = retrainer.lastFinished();
        if (last != null) {
            health.withDetail("last_run", last.runId())
                    .withDetail("last_state", last.state().json())
                    .withDetail("last_finished_at", String.valueOf(last.finishedAt()));
        }
        if (failure != null) {
            health.withDetail("error", failure.error());
        }
        return health.build();
    }
}
