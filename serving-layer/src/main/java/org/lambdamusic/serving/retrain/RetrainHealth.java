package org.lambdamusic.serving.retrain;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The "retrain" health component: WARNING from a failed run, or from a run whose version the
 * quality gate rejected, until the next one succeeds (the previous model keeps serving meanwhile).
 * WARNING maps to HTTP 200 and the component is not in the readiness group
 * (application.properties), so a failed or rejected retrain never takes an instance out of a load
 * balancer.
 */
@Component("retrain")
public class RetrainHealth implements HealthIndicator {
    public static final Status WARNING =
            new Status("WARNING", "the last retrain run failed; the previous model keeps serving");
    public static final Status REJECTED_WARNING =
            new Status(
                    "WARNING",
                    "the quality gate rejected the last retrained version; the previous model"
                            + " keeps serving");

    private final Retrainer retrainer;

    public RetrainHealth(Retrainer retrainer) {
        this.retrainer = retrainer;
    }

    @Override
    public Health health() {
        RetrainProperties properties = retrainer.properties();
        RetrainRun failure = retrainer.lastFailure();
        RetrainRun rejection = retrainer.lastRejection();
        Health.Builder health =
                failure != null
                        ? Health.status(WARNING)
                        : rejection != null ? Health.status(REJECTED_WARNING) : Health.up();
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
        if (rejection != null) {
            Map<String, Object> rejected = new LinkedHashMap<>();
            rejected.put("run_id", rejection.runId());
            rejected.put("version", rejection.version());
            if (rejection.gate() != null) {
                rejected.put("candidate_ndcg_at_10", rejection.gate().candidateNdcg());
                rejected.put("served_version", rejection.gate().servedVersion());
                rejected.put("served_ndcg_at_10", rejection.gate().servedNdcg());
                rejected.put("margin", rejection.gate().margin());
            }
            rejected.put("reason", rejection.error());
            health.withDetail("rejected", rejected);
        }
        return health.build();
    }
}
