package org.lambdamusic.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambdamusic.batch.BatchJobException;

class JobOptionsTest {
    @Test
    void defaults() {
        JobOptions o =
                JobOptions.parse(
                        new String[] {"--input", "x.csv", "--output", "file:///tmp/m"}, Map.of());
        assertThat(o.sample().count()).isEqualTo(4832);
        assertThat(o.seed()).isEqualTo(42);
        assertThat(o.topK()).isEqualTo(100);
        assertThat(o.keepVersions()).isEqualTo(5);
        assertThat(o.master()).isEqualTo("local[*]");
        assertThat(o.ifAbsent()).isFalse();
        assertThat(o.runId()).isNull();
        assertThat(o.qualityMargin()).isEqualTo(0.02);
        assertThat(o.forcePromote()).isFalse();
        assertThat(o.evaluateOnly()).isFalse();
    }

    @Test
    void theQualityGateMarginComesFromTheFlagElseTheEnvironment() {
        String[] base = {"--input", "x", "--output", "s3://b/m"};
        Map<String, String> env = Map.of("QUALITY_GATE_MARGIN", "0.05");
        assertThat(JobOptions.parse(base, env).qualityMargin()).isEqualTo(0.05);
        String[] flag = {"--input", "x", "--output", "s3://b/m", "--quality-margin", "0"};
        assertThat(JobOptions.parse(flag, env).qualityMargin()).isZero();
        assertThat(error("--input", "x", "--output", "y", "--quality-margin", "-1"))
                .isEqualTo("--quality-margin must be a number >= 0, got -1");
        assertThatThrownBy(() -> JobOptions.parse(base, Map.of("QUALITY_GATE_MARGIN", "lots")))
                .isInstanceOf(BatchJobException.class)
                .hasMessage("QUALITY_GATE_MARGIN must be a number >= 0, got lots");
        JobOptions forced =
                JobOptions.parse(
                        new String[] {"--input", "x", "--output", "y", "--force-promote"},
                        Map.of());
        assertThat(forced.forcePromote()).isTrue();
    }

    @Test
    void evaluateOnlyWritesNoRunResultSoItTakesNoRunId() {
        JobOptions dry =
                JobOptions.parse(
                        new String[] {"--input", "x", "--output", "y", "--evaluate-only"},
                        Map.of());
        assertThat(dry.evaluateOnly()).isTrue();
        assertThat(error("--input", "x", "--output", "y", "--evaluate-only", "--run-id", "r1"))
                .startsWith("--evaluate-only publishes nothing");
    }

    @Test
    void aRunIdMustBeASafeKeySegment() {
        JobOptions o =
                JobOptions.parse(
                        new String[] {"--input", "x", "--output", "s3://b/m", "--run-id", "run-1"},
                        Map.of());
        assertThat(o.runId()).isEqualTo("run-1");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {
                                            "--input",
                                            "x",
                                            "--output",
                                            "s3://b/m",
                                            "--run-id",
                                            "../LATEST"
                                        },
                                        Map.of()))
                .isInstanceOf(BatchJobException.class)
                .hasMessageContaining("--run-id");
    }

    @Test
    void flagsAndEnvironment() {
        JobOptions o =
                JobOptions.parse(
                        new String[] {
                            "--input",
                            "x",
                            "--output",
                            "s3://b/models",
                            "--sample",
                            "all",
                            "--seed",
                            "7",
                            "--top-k",
                            "10",
                            "--keep-versions",
                            "2",
                            "--if-absent"
                        },
                        Map.of("SPARK_MASTER", "spark://h:7077"));
        assertThat(o.sample().isAll()).isTrue();
        assertThat(o.sample()).hasToString("all");
        assertThat(o.master()).isEqualTo("spark://h:7077");
        assertThat(o.ifAbsent()).isTrue();
    }

    @Test
    void badValuesAreRefusedWithOneLine() {
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--input", "x"}, Map.of()))
                .isInstanceOf(BatchJobException.class)
                .hasMessageContaining("--output");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {
                                            "--input", "x", "--output", "y", "--sample", "0"
                                        },
                                        Map.of()))
                .hasMessageContaining("--sample");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {
                                            "--input", "x", "--output", "y", "--top-k", "many"
                                        },
                                        Map.of()))
                .hasMessageContaining("--top-k");
    }

    @Test
    void messagesOperatorsRelyOnAreUnchanged() {
        assertThat(error("--input", "x", "--output", "y", "--frobnicate"))
                .isEqualTo("unknown option --frobnicate; " + JobOptions.USAGE);
        assertThat(error("--output", "y"))
                .isEqualTo("--input and --output are required; " + JobOptions.USAGE);
        assertThat(error("--input", "x", "--output"))
                .isEqualTo("--output needs a value; " + JobOptions.USAGE);
        assertThat(error("--input", "--output", "y"))
                .isEqualTo("--input needs a value; " + JobOptions.USAGE);
        assertThat(error("--input", "--weird", "--output", "y"))
                .isEqualTo("--input needs a value; " + JobOptions.USAGE);
        assertThat(error("--input", "x", "--output", "y", "--seed", "7.5"))
                .isEqualTo("--seed must be an integer, got 7.5");
        assertThat(error("--input", "x", "--output", "y", "--keep-versions", "0"))
                .isEqualTo("--keep-versions must be a positive integer, got 0");
        assertThat(error("--input", "x", "--output", "y", "--top-k", "many"))
                .isEqualTo("--top-k must be a positive integer, got many");
        assertThat(error("--input", "x", "--output", "y", "--sample", "some"))
                .isEqualTo("--sample must be a positive number or 'all', got some");
    }

    @Test
    void numbersAreTrimmedAndTheLastRepeatWins() {
        JobOptions o =
                JobOptions.parse(
                        new String[] {
                            "--input",
                            "x",
                            "--output",
                            "y",
                            "--seed",
                            " 7 ",
                            "--sample",
                            "10",
                            "--sample",
                            "ALL",
                            "--master",
                            "local[2]"
                        },
                        Map.of("SPARK_MASTER", "spark://h:7077"));
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.sample().isAll()).isTrue();
        assertThat(o.master()).isEqualTo("local[2]");
    }

    @Test
    void theArchiveDefaultsToTheOutputsSiblingInteractions() {
        assertThat(interactions("s3://recommender/models"))
                .isEqualTo("s3://recommender/interactions");
        assertThat(interactions("s3://recommender/models/"))
                .isEqualTo("s3://recommender/interactions");
        assertThat(interactions("s3a://b/deep/models")).isEqualTo("s3a://b/deep/interactions");
        assertThat(interactions("s3://recommender")).isEqualTo("s3://recommender/interactions");
        assertThat(interactions("file:///x/models")).isEqualTo("file:///x/interactions");
        assertThat(interactions("file:/x/models")).isEqualTo("file:/x/interactions");

        JobOptions given =
                JobOptions.parse(
                        new String[] {
                            "--input", "x", "--output", "s3://b/models", "--interactions", "/tmp/a"
                        },
                        Map.of());
        assertThat(given.interactions().uri()).isEqualTo("file:///tmp/a");
        assertThat(given.interactions().hadoopPath()).isEqualTo("file:///tmp/a");
        JobOptions s3 =
                JobOptions.parse(
                        new String[] {
                            "--input", "x", "--output", "file:///m", "--interactions", "s3://b/i"
                        },
                        Map.of());
        assertThat(s3.interactions().uri()).isEqualTo("s3://b/i");
        assertThat(s3.interactions().hadoopPath()).isEqualTo("s3a://b/i");
        assertThat(s3.interactions().isS3()).isTrue();
        assertThat(s3.interactions().bucket()).isEqualTo("b");
        assertThat(s3.interactions().prefix()).isEqualTo("i");
        assertThat(given.interactions().isS3()).isFalse();
        JobOptions none =
                JobOptions.parse(
                        new String[] {"--input", "x", "--output", "y", "--interactions", "none"},
                        Map.of());
        assertThat(none.interactions().isNone()).isTrue();
        assertThat(error("--input", "x", "--output", "y", "--interactions", "http://h/a"))
                .startsWith("--interactions must be s3://, s3a://, file://, a path or none");
        assertThat(error("--input", "x", "--output", "y", "--interactions"))
                .isEqualTo("--interactions needs a value; " + JobOptions.USAGE);
    }

    private static String interactions(String output) {
        return JobOptions.parse(new String[] {"--input", "x", "--output", output}, Map.of())
                .interactions()
                .uri();
    }

    @Test
    void helpListsEveryFlagWithItsDefault() {
        assertThat(JobOptions.helpRequested(new String[] {"--input", "x", "--help"})).isTrue();
        assertThat(JobOptions.helpRequested(new String[] {"--input", "x"})).isFalse();
        assertThat(JobOptions.help())
                .contains("--input", "--output", "--if-absent", "--master", "SPARK_MASTER")
                .contains("--sample", "default: 4832")
                .contains("--seed", "default: 42")
                .contains("--top-k", "default: 100")
                .contains("--keep-versions", "default: 5")
                .contains("--interactions", "<uri|none>", "sibling 'interactions'")
                .contains("--quality-margin", "QUALITY_GATE_MARGIN", "0.02")
                .contains("--force-promote", "--evaluate-only", "3: rejected by the quality gate");
    }

    private static String error(String... args) {
        try {
            JobOptions.parse(args, Map.of());
        } catch (BatchJobException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + String.join(" ", args));
    }
}
