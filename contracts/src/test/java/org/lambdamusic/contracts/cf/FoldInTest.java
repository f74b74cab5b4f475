package org.lambdamusic.contracts.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.config.AlsSettings;

class FoldInTest {
    // Three tracks of rank 2: y0 = (1, 0), y1 = (0, 1), y2 = (1, 1); YᵀY = [[2, 1], [1, 2]].
    private static final ItemFactors ITEMS =
            new ItemFactors(2, new int[] {0, 5, 9}, new float[] {1, 0, 0, 1, 1, 1});

    @Test
    void solvesSparksImplicitUserStepByHand() {
        // α = 1, λ = 0.1. Track row 0 rated 1 (a play), row 5 rated -1 (a skip):
        // A = YᵀY + 1·y0y0ᵀ + 1·y1y1ᵀ + 0.1·1·I = [[3.1, 1], [1, 3.1]]   (n⁺ = 1 positive rating)
        // b = (1 + 1)·y0 = (2, 0)
        // x = A⁻¹b = (3.1·2, −1·2) / (3.1² − 1) = (6.2, −2) / 8.61
        FoldIn foldIn = new FoldIn(ITEMS, new AlsSettings(2, 0.1, 1, 10, 42));

        float[] x = foldIn.solve(new int[] {0, 5}, new float[] {1, -1}, 2);

        assertThat(x[0]).isCloseTo((float) (6.2 / 8.61), within(1e-6f));
        assertThat(x[1]).isCloseTo((float) (-2 / 8.61), within(1e-6f));
    }

    @Test
    void scalesRegularisationByPositiveRatingsAndWeighsConfidence() {
        // α = 2, λ = 0.5; rows 0 (r = 1) and 9 (r = 3): c1 = 2 and 6, n⁺ = 2 → λ·n⁺ = 1.
        // A = [[2,1],[1,2]] + 2·[[1,0],[0,0]] + 6·[[1,1],[1,1]] + I = [[11, 7], [7, 9]]
        // b = 3·(1, 0) + 7·(1, 1) = (10, 7); det = 99 − 49 = 50
        // x = (9·10 − 7·7, −7·10 + 11·7) / 50 = (41, 7) / 50
        FoldIn foldIn = new FoldIn(ITEMS, new AlsSettings(2, 0.5, 2, 10, 42));

        float[] x = foldIn.solve(new int[] {0, 9}, new float[] {1, 3}, 2);

        assertThat(x[0]).isCloseTo(41 / 50f, within(1e-6f));
        assertThat(x[1]).isCloseTo(7 / 50f, within(1e-6f));
    }

    @Test
    void ignoresTracksWithoutFactorsAndNeedsAPositiveRating() {
        FoldIn foldIn = new FoldIn(ITEMS, new AlsSettings(2, 0.1, 1, 10, 42));

        assertThat(foldIn.solve(new int[] {3, 5}, new float[] {4, -1}, 2))
                .as("row 3 has no factors; the only rated track with factors is a skip")
                .isNull();
        float[] withUnknown = foldIn.solve(new int[] {0, 3}, new float[] {1, 4}, 2);
        float[] alone = foldIn.solve(new int[] {0}, new float[] {1}, 1);
        assertThat(withUnknown).containsExactly(alone);
    }

    @Test
    void aLargerProblemMatchesADirectSolveOfTheNormalEquations() {
        int k = 6;
        int tracks = 40;
        java.util.Random random = new java.util.Random(7);
        int[] rows = new int[tracks];
        float[] values = new float[tracks * k];
        for (int i = 0; i < tracks; i++) {
            rows[i] = i * 3;
            for (int f = 0; f < k; f++) {
                values[i * k + f] = (float) random.nextGaussian();
            }
        }
        ItemFactors items = new ItemFactors(k, rows, values);
        AlsSettings als = new AlsSettings(k, 0.05, 8, 10, 42);
        int[] rated = {0, 9, 30, 60, 99};
        float[] ratings = {1, 4, -1, 1, 3};

        float[] x = new FoldIn(items, als).solve(rated, ratings, rated.length);

        // A·x must give b back (residual of the normal equations).
        double[] a = items.gram();
        double[] b = new double[k];
        int positives = 0;
        for (int j = 0; j < rated.length; j++) {
            int at = items.indexOf(rated[j]) * k;
            double c1 = 8 * Math.abs(ratings[j]);
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++) {
                    a[p * k + q] += c1 * values[at + p] * values[at + q];
                }
                if (ratings[j] > 0) {
                    b[p] += (1 + c1) * values[at + p];
                }
            }
            positives += ratings[j] > 0 ? 1 : 0;
        }
        for (int p = 0; p < k; p++) {
            a[p * k + p] += 0.05 * positives;
        }
        for (int p = 0; p < k; p++) {
            double ax = 0;
            for (int q = 0; q < k; q++) {
                ax += a[p * k + q] * x[q];
            }
            assertThat(ax).isCloseTo(b[p], within(1e-4 * Math.max(1, Math.abs(b[p]))));
        }
    }
}
