package org.lambdamusic.serving.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.NeighborTable;
import org.lambdamusic.contracts.model.SimilarityMatrix;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.model.TestModels;
import org.lambdamusic.serving.model.TinyModel;

/**
 * Boost and selection on hand-computed values (TinyModel), and the pool cutoff against brute force.
 */
class RecommenderTest {
    private static final ArtistBoost BOOST = new ArtistBoost(1.2);
    private static final int[] NONE = new int[0];
    private final SimilarityModel tiny = TinyModel.build();

    private List<Recommendations.Recommendation> recommend(int seed, int[] liked, int topN) {
        return Recommender.select(
                tiny, CandidatePools.densePool(tiny, seed, 1.2), liked, topN, BOOST, NONE);
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
        List<CatalogTrack> tracks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String artists =
                    "a"
                            + random.nextInt(80)
                            + (random.nextInt(4) == 0 ? ";a" + random.nextInt(80) : "");
            tracks.add(TestModels.track(i, "id" + i, "n" + i, artists, 50));
        }
        float[] matrix = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                float v = i == j ? 1f : (float) (random.nextDouble() * 1.6 - 0.6);
                matrix[i * n + j] = v;
                matrix[j * n + i] = v;
            }
        }
        SimilarityModel model =
                TestModels.load(
                        "20260101T000000Z-00000001",
                        tracks,
                        List.of(),
                        new SimilarityMatrix(n, matrix));
        for (int trial = 0; trial < 50; trial++) {
            int seed = random.nextInt(n);
            int[] liked =
                    model.artists()
                            .idsOf(List.of("a" + random.nextInt(80), "a" + random.nextInt(80)));
            int topN = 1 + random.nextInt(100);
            var fast =
                    Recommender.select(
                            model,
                            CandidatePools.densePool(model, seed, 1.2),
                            liked,
                            topN,
                            BOOST,
                            NONE);
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

    @Test
    void topKPoolIsTheStoredNeighboursAndTheBoostReordersWithinThem() {
        // Full-catalog layout: k = 3 neighbours per row, best first.
        List<CatalogTrack> tracks =
                List.of(
                        TestModels.track(0, "k0", "Zero", "A", 10),
                        TestModels.track(1, "k1", "One", "B", 10),
                        TestModels.track(2, "k2", "Two", "C", 10),
                        TestModels.track(3, "k3", "Three", "C", 10));
        int[] rows = {1, 2, 3, 0, 2, 3, 0, 3, 1, 2, 1, 0};
        float[] sims = {0.9f, 0.8f, 0.1f, 0.9f, 0.5f, 0.4f, 0.8f, 0.7f, 0.5f, 0.7f, 0.4f, 0.1f};
        SimilarityModel model =
                TestModels.load(
                        "20260101T000000Z-00000002",
                        tracks,
                        List.of(),
                        new NeighborTable(4, 3, rows, sims));
        CandidatePool pool =
                new CandidatePools(
                                new RecommendProperties(10, 10), BOOST, new SimpleMeterRegistry())
                        .of(model, 0);
        assertThat(pool.length()).isEqualTo(3);
        var plain = Recommender.select(model, pool, NONE, 2, BOOST, NONE);
        assertThat(plain)
                .extracting(Recommendations.Recommendation::trackId)
                .containsExactly("k1", "k2");
        // Liked artist C: k2 0.8 × 1.2 = 0.96 overtakes k1 0.9; k3 0.1 × 1.2 stays last.
        int[] likedC = model.artists().idsOf(List.of("C"));
        var boosted = Recommender.select(model, pool, likedC, 3, BOOST, NONE);
        assertThat(boosted)
                .extracting(Recommendations.Recommendation::trackId)
                .containsExactly("k2", "k1", "k3");
        assertThat(boosted.get(0).score()).isEqualTo((double) 0.8f * 1.2);
    }
}
