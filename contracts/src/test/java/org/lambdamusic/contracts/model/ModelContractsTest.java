package org.lambdamusic.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.ContractsJson;

class ModelContractsTest {

    @Test
    void layoutNamesTheContractKeys() {
        ArtifactLayout layout = new ArtifactLayout("/models/");
        assertThat(layout.latestKey()).isEqualTo("models/LATEST");
        assertThat(layout.fileKey("v1", ArtifactLayout.MANIFEST))
                .isEqualTo("models/v1/manifest.json");
        assertThat(new ArtifactLayout("").latestKey()).isEqualTo("LATEST");
    }

    @Test
    void versionIdsSortByTime() {
        String earlier = ModelVersion.newId(Instant.parse("2026-11-22T23:30:00Z"));
        String later = ModelVersion.newId(Instant.parse("2026-11-23T00:00:01Z"));
        assertThat(earlier).startsWith("20261122T233000Z-");
        assertThat(ModelVersion.isValid(earlier)).isTrue();
        assertThat(ModelVersion.isValid("../etc/passwd")).isFalse();
        assertThat(earlier).isLessThan(later);
    }

    @Test
    void versionIdsWithinOneSecondSortByTheMillisecond() {
        for (int i = 0; i < 200; i++) {
            String first = ModelVersion.newId(Instant.parse("2026-11-30T17:48:02.004Z"));
            String second = ModelVersion.newId(Instant.parse("2026-11-30T17:48:02.731Z"));
            assertThat(first).isLessThan(second).startsWith("20261130T174802Z-004");
            assertThat(second).startsWith("20261130T174802Z-2db");
            assertThat(ModelVersion.isValid(first)).isTrue();
        }
    }

    @Test
    void manifestRoundTripsWithSnakeCaseKeys() throws Exception {
        ModelManifest manifest =
                new ModelManifest(
                        "20261122T233000Z-0a0b0c0d",
                        "2026-11-22T23:30:00Z",
                        ModelManifest.MODE_DENSE,
                        new DatasetRef("file:///data/spotify_tracks.csv.gz", "42b1"),
                        new RowCounts(
                                114_000, Map.of("duplicate_track_id", 24_259L), 89_740, 4_832),
                        42,
                        "4832",
                        AudioFeatures.NAMES,
                        null,
                        null,
                        Map.of(
                                "similarity.f32",
                                new ArtifactFile(93_392_896, "ab", List.of(4832L, 4832L))),
                        Map.of("load", 1200L),
                        null,
                        null,
                        null);

        String json = new String(ContractsJson.write(manifest));

        assertThat(json)
                .contains("\"row_counts\"", "\"created_at\"", "\"timings_ms\"")
                .doesNotContain("top_k");
        assertThat(ContractsJson.read(json.getBytes(), ModelManifest.class)).isEqualTo(manifest);
    }

    @Test
    void scalerStandardizes() {
        ScalerParams scaler =
                new ScalerParams(
                        List.of("a", "b"), new double[] {1.0, 10.0}, new double[] {2.0, 1.0});
        assertThat(scaler.standardize(new double[] {3.0, 10.0})).containsExactly(1.0, 0.0);
    }
}
