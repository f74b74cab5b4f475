package org.lambdamusic.contracts.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.util.regex.Pattern;
import org.lambdamusic.contracts.ContractsJson;

/**
 * What one batch run that was given a run id ({@code --run-id}) ended with, written by the batch
 * job at {@link ArtifactLayout#runResultKey} once its outcome is final (after LATEST on a publish).
 * The serving layer's retrainer learns the version a run published from it, not from the job's
 * console output.
 *
 * @param runId the id the job was given
 * @param outcome {@link #PUBLISHED}, {@link #SKIPPED} (--if-absent found a version already
 *     serving), {@link #REJECTED} (written, but the quality gate kept the served version: LATEST
 *     unchanged) or {@link #FAILED}
 * @param version the version published (or found, when skipped); null when failed
 * @param error the one-line reason of a failure; null otherwise
 * @param finishedAt when the outcome was known, ISO-8601 UTC
 * @param gate the quality gate's figures when it judged the version (published or rejected); null
 *     otherwise
 */
public record BatchRunResult(
        @JsonProperty("run_id") String runId,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("version") String version,
        @JsonProperty("error") String error,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("gate") QualityGate gate) {

    public static final String PUBLISHED = "published";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";
    public static final String REJECTED = "rejected";

    /**
     * The promotion gate's judgement: the candidate's and the served version's blend NDCG@10 and
     * the margin the candidate may fall below it by.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QualityGate(
            @JsonProperty("candidate_ndcg_at_10") double candidateNdcg,
            @JsonProperty("served_version") String servedVersion,
            @JsonProperty("served_ndcg_at_10") Double servedNdcg,
            @JsonProperty("margin") double margin,
            @JsonProperty("passed") boolean passed) {}

    /** Run ids are key segments: no slash, no dot-dot, bounded. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    public static BatchRunResult published(String runId, String version, String finishedAt) {
        return new BatchRunResult(runId, PUBLISHED, version, null, finishedAt, null);
    }

    /** Published and promoted after the gate judged it. */
    public static BatchRunResult published(
            String runId, String version, String finishedAt, QualityGate gate) {
        return new BatchRunResult(runId, PUBLISHED, version, null, finishedAt, gate);
    }

    /** Written under its version but not promoted: the gate found it worse than the served one. */
    public static BatchRunResult rejected(
            String runId, String version, String reason, String finishedAt, QualityGate gate) {
        return new BatchRunResult(runId, REJECTED, version, reason, finishedAt, gate);
    }

    public static BatchRunResult skipped(String runId, String version, String finishedAt) {
        return new BatchRunResult(runId, SKIPPED, version, null, finishedAt, null);
    }

    public static BatchRunResult failed(String runId, String error, String finishedAt) {
        return new BatchRunResult(runId, FAILED, null, error, finishedAt, null);
    }

    /** True for ids usable as a result's key segment. */
    public static boolean isValidRunId(String runId) {
        return runId != null && RUN_ID.matcher(runId).matches();
    }

    public boolean isRejected() {
        return REJECTED.equals(outcome);
    }

    public boolean isPublished() {
        return PUBLISHED.equals(outcome);
    }

    public byte[] toJson() {
        return ContractsJson.writePretty(this);
    }

    /**
     * Reads a result and checks it is the one expected and self-consistent.
     *
     * @throws ModelFormatException when the bytes are not a result of run {@code expectedRunId}
     */
    public static BatchRunResult read(byte[] json, String expectedRunId)
            throws ModelFormatException {
        BatchRunResult result;
        try {
            result = ContractsJson.read(json, BatchRunResult.class);
        } catch (IOException e) {
            throw new ModelFormatException("run result is not valid JSON: " + e.getMessage());
        }
        if (result == null || !expectedRunId.equals(result.runId())) {
            throw new ModelFormatException(
                    "run result names run "
                            + (result == null ? null : result.runId())
                            + ", expected "
                            + expectedRunId);
        }
        switch (String.valueOf(result.outcome())) {
            case PUBLISHED, SKIPPED, REJECTED -> {
                if (!ModelVersion.isValid(result.version())) {
                    throw new ModelFormatException(
                            "run result of "
                                    + expectedRunId
                                    + " names no valid version: "
                                    + result.version());
                }
            }
            default -> {}
        }
        switch (String.valueOf(result.outcome())) {
            case PUBLISHED, SKIPPED -> {}
            case REJECTED -> {
                if (result.gate() == null) {
                    throw new ModelFormatException(
                            "rejected run result of " + expectedRunId + " gives no gate figures");
                }
            }
            case FAILED -> {
                if (result.error() == null || result.error().isBlank()) {
                    throw new ModelFormatException(
                            "failed run result of " + expectedRunId + " gives no error");
                }
            }
            default ->
                    throw new ModelFormatException(
                            "run result of "
                                    + expectedRunId
                                    + " has an unknown outcome: "
                                    + result.outcome());
        }
        return result;
    }
}
