package org.lambdamusic.serving.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.BatchRunResult;
import org.lambdamusic.serving.e2e.TestStack;
import org.lambdamusic.serving.model.ModelProperties;
import org.lambdamusic.serving.model.ModelStore;
import org.lambdamusic.serving.model.ObjectStoreClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A run's outcome is the result the job wrote to the store, not what it printed: the launched "job"
 * is a stand-in spark-submit that prints a misleading {@code published <version>} line and exits
 * with a chosen code, while the test stores (or withholds) the run's result in the real local
 * object store.
 */
class SparkBatchJobTest {
    private static final String STDOUT_VERSION = "20990101T000000Z-deadbeef";
    private static final String STORED_VERSION = "20261206T210512Z-1a2b3c4d";

    @TempDir static Path dir;
    static TestStack stack;
    static S3Client s3;
    static ModelStore models;

    @BeforeAll
    static void startStore() {
        stack = TestStack.withOwnBucket(); // the JVM's shared store, a bucket of this class's own
        s3 = new ObjectStoreClient().s3Client(stack.s3Settings());
        models = new ModelStore(s3, stack.s3Settings(), new ModelProperties("models", null));
    }

    @AfterAll
    static void stopStore() {
        if (s3 != null) {
            s3.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void thePublishedVersionComesFromTheRunResult() throws Exception {
        String runId = "run-20261206T210000Z-aaaaaa";
        storeResult(BatchRunResult.published(runId, STORED_VERSION, "2026-12-06T21:05:13Z"));
        Path log = dir.resolve("logs").resolve(runId + ".log");

        SparkBatchJob.Outcome outcome = job(0).run(runId, log, () -> null);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.version()).isEqualTo(STORED_VERSION);
        // The job was told its run id, and what it printed was not believed.
        assertThat(Files.readString(log))
                .contains("--run-id " + runId)
                .contains("published " + STDOUT_VERSION);
    }

    @Test
    void aJobThatExitsZeroWithoutAResultFailed() throws Exception {
        String runId = "run-20261206T210000Z-bbbbbb";
        SparkBatchJob.Outcome outcome =
                job(0).run(runId, dir.resolve("logs").resolve(runId + ".log"), () -> null);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.error()).contains("without a run result");
    }

    @Test
    void aFailedRunSaysWhyThroughItsResult() throws Exception {
        String runId = "run-20261206T210000Z-cccccc";
        storeResult(BatchRunResult.failed(runId, "input not found: gone.csv", "t"));
        SparkBatchJob.Outcome outcome =
                job(1).run(runId, dir.resolve("logs").resolve(runId + ".log"), () -> null);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.error()).isEqualTo("input not found: gone.csv");
    }

    @Test
    void aNonZeroExitWithAPublishedResultIsNoSuccess() throws Exception {
        String runId = "run-20261206T210000Z-dddddd";
        storeResult(BatchRunResult.published(runId, STORED_VERSION, "t"));
        SparkBatchJob.Outcome outcome =
                job(3).run(runId, dir.resolve("logs").resolve(runId + ".log"), () -> null);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.error()).contains("exited with code 3");
    }

    @Test
    void aRunTheQualityGateRejectedIsNeitherASuccessNorAFailure() throws Exception {
        String runId = "run-20261206T210000Z-eeeeee";
        BatchRunResult.QualityGate gate =
                new BatchRunResult.QualityGate(0.081, STDOUT_VERSION, 0.172, 0.01, false);
        storeResult(BatchRunResult.rejected(runId, STORED_VERSION, null, "t", gate));
        SparkBatchJob.Outcome outcome =
                job(0).run(runId, dir.resolve("logs").resolve(runId + ".log"), () -> null);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.rejected()).isTrue();
        assertThat(outcome.version()).isEqualTo(STORED_VERSION);
        assertThat(outcome.gate()).isEqualTo(gate);
        assertThat(outcome.error())
                .contains("0.0810", "0.1720", "0.0100", STORED_VERSION, "LATEST unchanged");
    }

    private static void storeResult(BatchRunResult result) {
        s3.putObject(
                b ->
                        b.bucket(stack.s3Settings().bucket())
                                .key(ArtifactLayout.defaults().runResultKey(result.runId())),
                RequestBody.fromBytes(result.toJson()));
    }

    /** The job, launched through a spark home whose spark-submit exits with {@code exitCode}. */
    private static SparkBatchJob job(int exitCode) throws IOException {
        Path home = dir.resolve("spark-home-" + exitCode);
        Path submit = home.resolve("bin/spark-submit");
        Files.createDirectories(submit.getParent());
        Files.writeString(
                submit,
                String.join(
                        "\n",
                        "#!/usr/bin/env sh",
                        "echo \"args: $*\"",
                        "echo \"published " + STDOUT_VERSION + "\"",
                        "exit " + exitCode,
                        ""));
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        RetrainProperties properties =
                new RetrainProperties(
                        "-",
                        "local[1]",
                        home.toString(),
                        dir.resolve("batch.jar").toString(),
                        dir.resolve("tracks.csv").toString(),
                        "",
                        "300",
                        "",
                        "",
                        dir.resolve("logs").toString(),
                        20,
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(60));
        return new SparkBatchJob(
                properties, stack.s3Settings(), models.location(), models::runResult);
    }
}
