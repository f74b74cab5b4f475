package org.lambdamusic.serving.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.BatchRunResult;
import org.lambdamusic.serving.e2e.TestStack;
import org.lambdamusic.serving.model.ConditionalObjects;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.ModelLoader;
import org.lambdamusic.serving.model.ModelPoller;
import org.lambdamusic.serving.model.ModelProperties;
import org.lambdamusic.serving.model.ModelStore;
import org.lambdamusic.serving.model.ObjectStoreClient;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A retrain whose version the batch job's quality gate rejected: the run ends {@code rejected} with
 * both NDCG figures, counts in {@code retrain_runs_total{outcome="rejected"}}, and the retrain
 * health component warns (HTTP 200, outside readiness) until a run succeeds. The launched "job" is
 * a stand-in spark-submit that waits until the test has stored the run's result in the real local
 * object store, then exits 0.
 */
class RetrainRejectedTest {
    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .findAndAddModules()
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .build();
    private static final String CANDIDATE = "20261207T010000Z-0badc0de";
    private static final String SERVED = "20261206T010000Z-00c0ffee";

    @TempDir Path dir;
    private TestStack stack;
    private S3Client s3;
    private SimpleMeterRegistry meters;
    private Retrainer retrainer;
    private RunJournal journal;

    @BeforeEach
    void setUp() throws IOException {
        stack = TestStack.withOwnBucket();
        s3 = new ObjectStoreClient().s3Client(stack.s3Settings());
        ModelProperties root = new ModelProperties("models", Duration.ofSeconds(5));
        ModelStore store = new ModelStore(s3, stack.s3Settings(), root);
        ConditionalObjects objects = new ConditionalObjects(s3, stack.s3Settings(), root);
        meters = new SimpleMeterRegistry();
        RetrainProperties properties =
                new RetrainProperties(
                        "-",
                        "local[1]",
                        standInSparkHome().toString(),
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
        retrainer =
                new Retrainer(
                        properties,
                        new RetrainLease(
                                objects,
                                JSON,
                                "test-host/1/a",
                                Duration.ofSeconds(60),
                                Clock.systemUTC()),
                        journal = new RunJournal(objects, JSON),
                        store,
                        stack.s3Settings(),
                        new ModelPoller(
                                store,
                                new ModelLoader(store, FeedbackSettings.DEFAULTS),
                                new CurrentModel(event -> {}),
                                meters),
                        meters);
    }

    @AfterEach
    void tearDown() {
        if (retrainer != null) {
            retrainer.shutdown();
        }
        if (s3 != null) {
            s3.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRejectedRunShowsBothFiguresCountsAndWarnsWithoutTakingReadinessDown() throws Exception {
        RetrainRun queued = retrainer.submit(Trigger.API);
        BatchRunResult.QualityGate gate =
                new BatchRunResult.QualityGate(0.094, SERVED, 0.171, 0.01, false);
        storeResult(
                BatchRunResult.rejected(
                        queued.runId(),
                        CANDIDATE,
                        "NDCG@10 0.0940 < served 0.1710 - margin 0.0100",
                        "2026-12-07T01:02:03Z",
                        gate));
        Files.createFile(dir.resolve("go")); // the stand-in job may exit now

        await().atMost(Duration.ofSeconds(60))
                .until(() -> !retrainer.runs().get(0).state().active());
        RetrainRun run = retrainer.runs().get(0);

        assertThat(run.runId()).isEqualTo(queued.runId());
        assertThat(run.state()).isEqualTo(RunState.REJECTED);
        assertThat(run.version()).isEqualTo(CANDIDATE);
        assertThat(run.error()).isEqualTo("NDCG@10 0.0940 < served 0.1710 - margin 0.0100");
        JsonNode shown = JSON.readTree(JSON.writeValueAsString(run));
        assertThat(shown.get("state").asText()).isEqualTo("rejected");
        assertThat(shown.get("gate").get("candidate_ndcg_at_10").asDouble()).isEqualTo(0.094);
        assertThat(shown.get("gate").get("served_ndcg_at_10").asDouble()).isEqualTo(0.171);
        assertThat(shown.get("gate").get("served_version").asText()).isEqualTo(SERVED);
        assertThat(shown.get("gate").get("margin").asDouble()).isEqualTo(0.01);

        assertThat(meters.get("retrain.runs").tag("outcome", "rejected").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("retrain.runs").tag("outcome", "failed").counter().count()).isZero();
        assertThat(meters.get("retrain.runs").tag("outcome", "succeeded").counter().count())
                .isZero();
        assertThat(meters.get("retrain.gate.ndcg").tag("version", "candidate").gauge().value())
                .isEqualTo(0.094);
        assertThat(meters.get("retrain.gate.ndcg").tag("version", "served").gauge().value())
                .isEqualTo(0.171);

        Health health = new RetrainHealth(retrainer).health();
        assertThat(health.getStatus()).isEqualTo(new Status("WARNING"));
        assertThat(health.getStatus().getDescription()).contains("quality gate rejected");
        assertThat(health.getDetails().get("last_state")).isEqualTo("rejected");
        assertThat(health.getDetails().get("rejected").toString())
                .contains(CANDIDATE, "0.094", "0.171", "0.01");
        // Other instances read the run from the journal in the bucket, figures included.
        RetrainRun journaled = journal.find(run.runId()).orElseThrow().run();
        assertThat(journaled.state()).isEqualTo(RunState.REJECTED);
        assertThat(journaled.gate()).isEqualTo(gate);
    }

    private void storeResult(BatchRunResult result) {
        s3.putObject(
                b ->
                        b.bucket(stack.s3Settings().bucket())
                                .key(ArtifactLayout.defaults().runResultKey(result.runId())),
                RequestBody.fromBytes(result.toJson()));
    }

    /** A spark home whose spark-submit waits for the test's go file, then exits 0. */
    private Path standInSparkHome() throws IOException {
        Path home = dir.resolve("spark-home");
        Path submit = home.resolve("bin/spark-submit");
        Files.createDirectories(submit.getParent());
        Files.writeString(
                submit,
                String.join(
                        "\n",
                        "#!/usr/bin/env sh",
                        "echo \"args: $*\"",
                        "while [ ! -f '" + dir.resolve("go") + "' ]; do sleep 0.05; done",
                        "exit 0",
                        ""));
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }
}
