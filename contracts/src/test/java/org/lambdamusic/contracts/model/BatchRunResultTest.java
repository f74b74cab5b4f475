package org.lambdamusic.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The run result the batch job writes and the serving layer's retrainer reads. */
class BatchRunResultTest {
    private static final String RUN = "run-20261206T210000Z-abc123";
    private static final String VERSION = "20261206T210512Z-1a2b3c4d";

    @Test
    void aPublishedResultRoundTripsWithSnakeCaseFields() throws Exception {
        BatchRunResult result = BatchRunResult.published(RUN, VERSION, "2026-12-06T21:05:13Z");
        byte[] json = result.toJson();
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text)
                .contains("\"run_id\" : \"" + RUN + "\"")
                .contains("\"outcome\" : \"published\"")
                .contains("\"version\" : \"" + VERSION + "\"")
                .contains("\"finished_at\" : \"2026-12-06T21:05:13Z\"");
        BatchRunResult read = BatchRunResult.read(json, RUN);
        assertThat(read).isEqualTo(result);
        assertThat(read.isPublished()).isTrue();
    }

    @Test
    void skippedAndFailedResultsRoundTrip() throws Exception {
        BatchRunResult skipped = BatchRunResult.skipped(RUN, VERSION, "2026-12-06T21:05:13Z");
        assertThat(BatchRunResult.read(skipped.toJson(), RUN).isPublished()).isFalse();
        BatchRunResult failed =
                BatchRunResult.failed(RUN, "input not found: x.csv", "2026-12-06T21:05:13Z");
        BatchRunResult read = BatchRunResult.read(failed.toJson(), RUN);
        assertThat(read.error()).isEqualTo("input not found: x.csv");
        assertThat(read.version()).isNull();
    }

    @Test
    void aResultOfAnotherRunOrWithoutAVersionIsRefused() {
        byte[] other = BatchRunResult.published("run-other", VERSION, "t").toJson();
        assertThatThrownBy(() -> BatchRunResult.read(other, RUN))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("expected " + RUN);
        byte[] noVersion = BatchRunResult.published(RUN, "garbage", "t").toJson();
        assertThatThrownBy(() -> BatchRunResult.read(noVersion, RUN))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("no valid version");
        byte[] unknown = new BatchRunResult(RUN, "maybe", VERSION, null, "t", null).toJson();
        assertThatThrownBy(() -> BatchRunResult.read(unknown, RUN))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("unknown outcome");
        assertThatThrownBy(() -> BatchRunResult.read("{".getBytes(), RUN))
                .isInstanceOf(ModelFormatException.class);
    }

    @Test
    void theResultLivesUnderTheModelRootAndRunIdsAreSafeKeySegments() {
        assertThat(new ArtifactLayout("models").runResultKey(RUN))
                .isEqualTo("models/_retrain/results/" + RUN + ".json");
        assertThat(new ArtifactLayout("").runResultKey("r1")).isEqualTo("_retrain/results/r1.json");
        assertThatThrownBy(() -> ArtifactLayout.defaults().runResultKey("../LATEST"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BatchRunResult.isValidRunId("a/b")).isFalse();
        assertThat(BatchRunResult.isValidRunId(null)).isFalse();
    }
}
