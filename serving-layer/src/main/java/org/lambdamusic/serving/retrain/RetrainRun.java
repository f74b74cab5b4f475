package org.lambdamusic.serving.retrain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import org.lambdamusic.contracts.model.BatchRunResult.QualityGate;

/**
 * One retrain run as the admin API shows it. Immutable: each change of state is a new copy.
 *
 * @param requestedAt when the run was accepted (queued)
 * @param startedAt when the batch job was launched, null while queued
 * @param finishedAt null until succeeded, failed or rejected
 * @param version the version the run published (succeeded), or wrote without promoting it
 *     (rejected); null otherwise
 * @param error why it failed or was rejected, null otherwise
 * @param gate the quality gate's figures when it judged the run's version: the candidate's and the
 *     served version's blend NDCG@10 and the margin; null when it did not (no evaluation, failed)
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
        String error,
        QualityGate gate) {

    static RetrainRun queued(String runId, Trigger trigger, Instant now) {
        return new RetrainRun(runId, RunState.QUEUED, trigger, now, null, null, null, null, null);
    }

    RetrainRun running(Instant now) {
        return new RetrainRun(
                runId, RunState.RUNNING, trigger, requestedAt, now, null, null, null, null);
    }

    RetrainRun succeeded(String publishedVersion, QualityGate passed, Instant now) {
        return new RetrainRun(
                runId,
                RunState.SUCCEEDED,
                trigger,
                requestedAt,
                startedAt,
                now,
                publishedVersion,
                null,
                passed);
    }

    RetrainRun failed(String reason, Instant now) {
        return new RetrainRun(
                runId, RunState.FAILED, trigger, requestedAt, startedAt, now, null, reason, null);
    }

    RetrainRun rejected(String writtenVersion, String reason, QualityGate failed, Instant now) {
        return new RetrainRun(
                runId,
                RunState.REJECTED,
                trigger,
                requestedAt,
                startedAt,
                now,
                writtenVersion,
                reason,
                failed);
    }
}
