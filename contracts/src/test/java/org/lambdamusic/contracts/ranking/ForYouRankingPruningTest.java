package org.lambdamusic.contracts.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.cf.ItemFactors;
import org.lambdamusic.contracts.cf.ListenerFactors;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.contracts.listener.TrackScore;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.ScalerParams;

/**
 * "For you" against brute force: every row scored by the documented blend, sorted (score
 * descending, row ascending), on random models, tastes, weights, boosts and exclusions; the one
 * pass with its bounded heap and its skipped rows must give the same rows and scores.
 */
class ForYouRankingPruningTest {
    private static final int F = AudioFeatures.COUNT;

    @Test
    void theRankingIsTheBruteForceSortOfTheBlend() {
        Random random = new Random(16);
        for (int trial = 0; trial < 40; trial++) {
            int n = 50 + random.nextInt(1500);
            int rank = 1 + random.nextInt(12);
            List<CatalogTrack> tracks = new ArrayList<>();
            List<TrackScore> scores = new ArrayList<>();
            for (int row = 0; row < n; row++) {
                double[] features = new double[F];
                for (int f = 0; f < F; f++) {
                    features[f] = random.nextGaussian();
                }
                String artists = "a" + random.nextInt(n / 5 + 1);
                tracks.add(
                        new CatalogTrack(
                                row,
                                "t" + row,
                                "n",
                                artists,
                                "al",
                                "g",
                                random.nextInt(101),
                                features));
                if (random.nextInt(3) > 0) {
                    long s = random.nextInt(50);
                    scores.add(new TrackScore("t" + row, s, 0, 0, s));
                }
            }
            TreeSet<Integer> factored = new TreeSet<>();
            for (int row = 0; row < n; row++) {
                if (random.nextInt(10) < 6) {
                    factored.add(row);
                }
            }
            int[] itemRows = factored.stream().mapToInt(Integer::intValue).toArray();
            float[] values = new float[itemRows.length * rank];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            Factors factors =
                    new Factors(
                            new FactorsInfo(
                                    FactorsInfo.ALGORITHM,
                                    rank,
                                    0.05,
                                    8,
                                    1,
                                    1,
                                    0,
                                    0,
                                    itemRows.length,
                                    0),
                            new ItemFactors(rank, itemRows, values),
                            ListenerFactors.none(rank));
            double[] mean = new double[F];
            double[] scale = new double[F];
            Arrays.fill(scale, 1);
            RankingModel model =
                    new RankingModel(
                            tracks,
                            new ScalerParams(AudioFeatures.NAMES, mean, scale),
                            scores,
                            factors,
                            new ArtistIndex(tracks.toArray(CatalogTrack[]::new)),
                            AlsSettings.DEFAULTS,
                            FeedbackSettings.DEFAULTS);

            float[] user = null;
            if (random.nextInt(4) > 0) {
                user = new float[rank];
                for (int f = 0; f < rank; f++) {
                    user[f] = (float) random.nextGaussian();
                }
            }
            double[] centroid = null;
            if (random.nextInt(4) > 0) {
                centroid = model.content().centroid(List.of(tracks.get(random.nextInt(n))));
            }
            Taste taste = new Taste(user, centroid);
            ScoringSettings weights =
                    new ScoringSettings(
                            random.nextDouble(), random.nextDouble(), random.nextDouble() + 0.01);
            double boost = random.nextBoolean() ? 1.2 : 0.5 + random.nextDouble();
            int[] liked = model.artists().idsOf(List.of("a" + random.nextInt(n / 5 + 1), "a0"));
            int[] skip = random.ints(random.nextInt(n / 3 + 1), 0, n).sorted().distinct().toArray();
            int topN = 1 + random.nextInt(100);

            Ranked ranked = ForYouRanking.rank(model, taste, weights, boost, liked, skip, topN);

            double[] expected = bruteForce(model, taste, weights, boost, liked, skip);
            List<Integer> order = new ArrayList<>();
            for (int row = 0; row < n; row++) {
                if (Arrays.binarySearch(skip, row) < 0) {
                    order.add(row);
                }
            }
            order.sort(
                    Comparator.comparingDouble((Integer r) -> -expected[r])
                            .thenComparingInt(r -> r));
            List<Integer> top = order.subList(0, Math.min(topN, order.size()));
            assertThat(Arrays.stream(ranked.rows(), 0, ranked.count()).boxed().toList())
                    .as("trial " + trial)
                    .isEqualTo(top);
            for (int i = 0; i < ranked.count(); i++) {
                assertThat(ranked.scores()[i]).isEqualTo(expected[ranked.rows()[i]]);
            }
        }
    }

    /** Each row's score by the documented formula, computed the plain way. */
    private static double[] bruteForce(
            RankingModel model,
            Taste taste,
            ScoringSettings weights,
            double boost,
            int[] liked,
            int[] skip) {
        int n = model.size();
        ItemFactors items = model.items();
        double best = 0;
        double[] dots = new double[n];
        if (taste.factors() != null) {
            for (int row = 0; row < n; row++) {
                int i = items.indexOf(row);
                if (i >= 0) {
                    double dot = 0;
                    for (int f = 0; f < items.rank(); f++) {
                        dot += taste.factors()[f] * items.values()[i * items.rank() + f];
                    }
                    dots[row] = (float) dot;
                    best = Math.max(best, dot);
                }
            }
        }
        double[] score = new double[n];
        for (int row = 0; row < n; row++) {
            double cf = best > 0 && dots[row] > 0 ? dots[row] * (1 / best) : 0;
            double s = weights.cfWeight() * cf + weights.popularityWeight() * model.popularity(row);
            if (taste.centroid() != null && weights.contentWeight() > 0) {
                s +=
                        weights.contentWeight()
                                * Math.max(0, model.content().cosine(taste.centroid(), row));
            }
            if (liked.length > 0 && model.artists().anyArtistIn(row, liked)) {
                s *= boost;
            }
            score[row] = s;
        }
        return score;
    }
}
