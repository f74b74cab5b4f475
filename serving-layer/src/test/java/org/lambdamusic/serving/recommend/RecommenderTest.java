package org.lambdamusic.serving.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.serving.catalog.Catalog;
import org.lambdamusic.serving.catalog.Track;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.model.TinyModel;

/**
 * Boost and selection on hand-computed values (TinyModel), and the pool cutoff against brute force.
 */
class RecommenderTest {
    private final SimilarityModel tiny = TinyModel.build();

    private List<Recommendations.Recommendation> recommend(int seed, int[] liked, int topN) {
        return Recommender.select(tiny, CandidatePools.densePool(tiny, seed), liked, topN);
    }

    private int[] likedArtistsOf(String... trackIds) {
        List<Integer> rows = new ArrayList<>();
        for (String id : trackIds) {
            rows.add(tiny.catalog().rowOf(id));
        }
        return tiny.artists().artistIdsOfRows(rows);
    }

    @Test
    void withoutUserItIsPlainCosineOrderWithoutTheSeed() {
        var recs = recommend(0, new int[0], 10);
        assertThat(recs)
                .extracting(Recommendations.Recommendation::trackId)
                .containsExactly("t1", "t3", "t2", "t4");
        assertThat(recs).extracting(Recommendations.Recommendation::boost).containsOnly(1.0);
        assertThat(recs.get(0).similarity()).isEqualTo((double) 0.9f);
        assertThat(recs.get(0).score()).isEqualTo((double) 0.9f);
    }

    @Test
    void likedArtistIsBoostedByExactlyOnePointTwoAndCanOvertake() {
        // Liked t2 (artist A): t2 0.7 × 1.2 = 0.84 > t3 0.8.
        var recs = recommend(0, likedArtistsOf("t2"), 10);
        assertThat(recs)
                .extracting(Recommendations.Recommendation::trackId)
                .containsExactly("t1", "t2", "t3", "t4");
        var t2 = recs.get(1);
        assertThat(t2.boost()).isEqualTo(1.2);
        assertThat(t2.score()).isEqualTo((double) 0.7f * 1.2);
        assertThat(t2.score()).isCloseTo(0.84, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void boostLiftsACandidateFromBeyondThePlainTopN() {
        // top_n = 2: plain answer is t1, t3; the boosted t2 (third by cosine) must enter.
        var recs = recommend(0, likedArtistsOf("t2"), 2);
        assertThat(recs)
                .extracting(Recommendations.Recommendation::trackId)
                .containsExactly("t1", "t2");
    }

    @Test
    void anyOfSeveralArtistsCounts() {
        // Liked t4 (artist C): t1 is by "B;C" so it is boosted too: t1 1.08, t3 .8, t2 .7, t4 .54.
        var recs = recommend(0, likedArtistsOf("t4"), 10);
        assertThat(recs)
                .extracting(Recommendations.Recommendation::trackId)
                .containsExactly("t1", "t3", "t2", "t4");
        assertThat(recs)
                .extracting(Recommendations.Recommendation::boost)
                .containsExactly(1.2, 1.0, 1.0, 1.2);
        assertThat(recs.get(0).score()).isEqualTo((double) 0.9f * 1.2);
        assertThat(recs.get(3).score()).isEqualTo((double) 0.45f * 1.2);
    }

    @Test
    void negativeCosinesAreNotHelpedByTheBoost() {
        // Seed t2: t4 .6, t0 .7, t1 .3, t3 -.5; liked t3 (artist D) makes t3 -0.6, still last.
        var recs = recommend(2, likedArtistsOf("t3"), 10);
        assertThat(recs)
                .extracting(Recommendations.Recommendation::trackId)
                .containsExactly("t0", "t4", "t1", "t3");
        assertThat(recs.get(3).score()).isEqualTo(-0.5f * 1.2);
    }

    @Test
    void poolSelectionEqualsBruteForceOnARandomModel() {
        int n = 600;
        Random random = new Random(7);
        List<Track> tracks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String artists =
                    "a"
                            + random.nextInt(80)
                            + (random.nextInt(4) == 0 ? ";a" + random.nextInt(80) : "");
            tracks.add(
                    new Track(
                            i,
                            "id" + i,
                            "n" + i,
                            artists,
                            "",
                            "",
                            50,
                            new double[AudioFeatures.COUNT]));
        }
        float[] matrix = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                float v = i == j ? 1f : (float) (random.nextDouble() * 1.6 - 0.6);
                matrix[i * n + j] = v;
                matrix[j * n + i] = v;
            }
        }
        ModelManifest manifest =
                new ModelManifest(
                        "20260101T000000Z-00000001",
                        "2026-01-01T00:00:00Z",
                        "dense",
                        null,
                        null,
                        1,
                        "all",
                        AudioFeatures.NAMES,
                        null,
                        null,
                        Map.of(),
                        Map.of());
        SimilarityModel model =
                SimilarityModel.dense(manifest, new Catalog(tracks), matrix, Duration.ZERO);
        for (int trial = 0; trial < 50; trial++) {
            int seed = random.nextInt(n);
            int[] liked =
                    model.artists()
                            .idsOf(List.of("a" + random.nextInt(80), "a" + random.nextInt(80)));
            int topN = 1 + random.nextInt(100);
            var fast =
                    Recommender.select(model, CandidatePools.densePool(model, seed), liked, topN);
            List<double[]> all = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != seed) {
                    double boost = model.artists().anyArtistIn(j, liked) ? 1.2 : 1.0;
                    all.add(new double[] {matrix[seed * n + j] * boost, j});
                }
            }
            all.sort(
                    Comparator.<double[]>comparingDouble(e -> -e[0])
                            .thenComparingDouble(e -> e[1]));
            List<String> expected =
                    all.subList(0, topN).stream().map(e -> "id" + (int) e[1]).toList();
            assertThat(fast)
                    .extracting(Recommendations.Recommendation::trackId)
                    .containsExactlyElementsOf(expected);
        }
    }
}
