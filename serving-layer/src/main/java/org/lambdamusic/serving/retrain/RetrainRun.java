package org.lambdamusic.serving.retrain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One retrain run as the admin API shows it. Immutable: each change of state is a new copy.
 *
 * @param requestedAt when the run was accepted (queued)
 * @param startedAt when the batch job was launched, null while queued
 * @param finishedAt null until succeeded or failed
 * @param version the version the run published, null unless succeeded
 * @param error why it failed, null otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RetrainRun(
        String runId,
        RunState state,
        Trigger trigger,
        Instant requestedAt,
        Instant startedAt,
        Instant finishedAt,
        String version,
        String error) {

    static RetrainRun queued(String runId, Trigger trigger, Instant now) {
        return new RetrainRun(runId, RunState.QUEUED, trigger, now, null, null, null, null);
    }

    RetrainRun running(Instant now) {
        return new RetrainRun(runId, RunState.RUNNING, trigger, requestedAt, now, null, null, null);
    }

    RetrainRun succeeded(String publishedVersion, Instant now) {
        return new RetrainRun(
                runId,
                RunState.SUCCEEDED,
                trigger,
                requestedAt,
                startedAt,
                now,
                publishedVersion,
                null);
    }

    RetrainRun failed(String reason, Instant now) {
        return new RetrainRun(
                runId, RunState.FAILED, trigger, requestedAt, startedAt, now, null, reason);
    }
}
