package org.lambdamusic.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.batch.TasteArchive.Taste;
import org.lambdamusic.batch.cli.JobOptions;
import org.lambdamusic.batch.evaluation.QualityEvaluation;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.ArtifactSource;
import org.lambdamusic.contracts.model.BatchRunResult;
import org.lambdamusic.contracts.model.Evaluation;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.contracts.model.ModelReader;

/**
 * The job with ALS, the evaluation and the promotion gate, end to end against a real store (a
 * {@code file://} output: the job's DirectoryModelStore) and an archive beside it: listeners with a
 * taste ({@link TasteArchive}), then the same listeners playing at random, whose model is worse.
 */
class QualityGateJobTest {
    private static final ObjectStoreSettings UNUSED =
            new ObjectStoreSettings("http://127.0.0.1:1", "unused", "us-east-1", "x", "y");
    private static final ArtifactLayout LAYOUT = new ArtifactLayout("");

    @TempDir Path temp;

    @Test
    void evaluateOnlyPrintsTheTableAndTheAlsTimeAndPublishesNothing() throws Exception {
        TasteArchive.write(temp.resolve("interactions"), Taste.GROUPS, 1);
        Path models = temp.resolve("models");

        JobRun dry = run(models, "--evaluate-only");

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        for (String ranker : QualityEvaluation.RANKERS) {
            assertThat(dry.out()).contains(ranker + " ");
        }
        assertThat(dry.out()).contains("als: ", "stage als", "evaluated, not published: ");
        assertThat(listing(models)).isEmpty();
    }

    @Test
    void aWorseVersionIsWrittenButNotPromotedUnlessForcedOrWithinTheMargin() throws Exception {
        Path archive = temp.resolve("interactions");
        Path models = temp.resolve("models");
        TasteArchive.write(archive, Taste.GROUPS, 1);

        JobRun served = run(models, "--run-id", "run-a");
        assertThat(served.exitCode()).as(served.err()).isZero();
        ModelContent content = read(models, served.version());
        FactorsInfo factors = content.manifest().factors();
        assertThat(factors.algorithm()).isEqualTo(FactorsInfo.ALGORITHM);
        assertThat(factors.listeners()).isEqualTo(80);
        assertThat(content.factors().listeners().of("lastfm-1")).hasSize(factors.rank());
        assertThat(content.manifest().files())
                .containsKeys(FactorsInfo.ITEM_FILE, FactorsInfo.LISTENER_FILE);
        assertThat(content.manifest().timingsMs()).containsKeys("als", "evaluate_als", "evaluate");
        Evaluation evaluation = content.manifest().evaluation();
        assertThat(evaluation.rankers()).containsOnlyKeys(QualityEvaluation.RANKERS);
        assertThat(evaluation.listeners()).isPositive();
        assertThat(evaluation.heldOut()).isGreaterThanOrEqualTo(evaluation.listeners());
        // The groups' taste is there to learn: CF finds more of the held-out listening than the
        // popularity prior does.
        assertThat(evaluation.rankers().get("cf").hrAt10())
                .isGreaterThan(evaluation.rankers().get("popularity").hrAt10());
        BatchRunResult first = result(models, "run-a");
        assertThat(first.isPublished()).isTrue();
        assertThat(first.gate().passed()).isTrue();
        assertThat(first.gate().servedNdcg()).isNull();
        double servedNdcg = first.gate().candidateNdcg();

        // The same listeners now play at random: nothing to learn, a much lower NDCG.
        delete(archive);
        TasteArchive.write(archive, Taste.NONE, 1);
        JobRun worse = run(models, "--run-id", "run-b");

        assertThat(worse.exitCode()).as(worse.err()).isEqualTo(JobOptions.EXIT_REJECTED);
        assertThat(worse.err()).contains("batch job rejected: blend NDCG@10");
        assertThat(worse.out()).contains("written, not promoted (quality gate): ");
        assertThat(latest(models)).isEqualTo(served.version());
        BatchRunResult rejected = result(models, "run-b");
        assertThat(rejected.isRejected()).isTrue();
        assertThat(rejected.version()).isEqualTo(worse.version());
        assertThat(rejected.gate().passed()).isFalse();
        assertThat(rejected.gate().servedVersion()).isEqualTo(served.version());
        assertThat(rejected.gate().servedNdcg()).isEqualTo(servedNdcg);
        assertThat(rejected.gate().candidateNdcg()).isLessThan(servedNdcg - 0.02);
        // The rejected version is all there, and passes the serving layer's checks.
        assertThat(read(models, worse.version()).manifest().evaluation().blendNdcg())
                .isEqualTo(rejected.gate().candidateNdcg());

        JobRun forced = run(models, "--run-id", "run-c", "--force-promote");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(latest(models)).isEqualTo(forced.version());
        BatchRunResult promoted = result(models, "run-c");
        assertThat(promoted.isPublished()).isTrue();
        assertThat(promoted.gate().passed()).isFalse();

        // Served and candidate now measure the same: within the margin, promoted. The same
        // archive and seed also gave the same factors, byte for byte.
        JobRun same = run(models, "--run-id", "run-d");
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(latest(models)).isEqualTo(same.version());
        BatchRunResult within = result(models, "run-d");
        assertThat(within.gate().passed()).isTrue();
        assertThat(within.gate().candidateNdcg()).isEqualTo(within.gate().servedNdcg());
        for (String file : new String[] {FactorsInfo.ITEM_FILE, FactorsInfo.LISTENER_FILE}) {
            assertThat(Files.readAllBytes(models.resolve(same.version()).resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(models.resolve(worse.version()).resolve(file)));
        }
    }

    private static JobRun run(Path models, String... extra) {
        String[] args = new String[8 + extra.length];
        args[0] = "--input";
        args[1] = JobRun.FIXTURE.toString();
        args[2] = "--output";
        args[3] = models.toUri().toString();
        args[4] = "--sample";
        args[5] = "all";
        args[6] = "--top-k";
        args[7] = "10";
        System.arraycopy(extra, 0, args, 8, extra.length);
        return JobRun.run(UNUSED, args);
    }

    private static ModelContent read(Path models, String version) throws Exception {
        return ModelReader.read(version, ArtifactSource.directory(models.resolve(version)));
    }

    private static String latest(Path models) throws IOException {
        return Files.readString(models.resolve(LAYOUT.latestKey())).trim();
    }

    private static BatchRunResult result(Path models, String runId) throws Exception {
        return BatchRunResult.read(
                Files.readAllBytes(models.resolve(LAYOUT.runResultKey(runId))), runId);
    }

    private static java.util.List<Path> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
