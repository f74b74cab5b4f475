package org.lambdamusic.batch.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.model.ScalerParams;

class CosineTest {
    // Two features, identity scaling, so the vectors are used as given:
    // a = (1, 0), b = (0, 1), c = (2, 2), d = (0, 0), e = (-3, 0).
    // By hand: cos(a,b) = 0; cos(a,c) = 2 / (1 * 2.8284271) = 0.70710678; cos(b,c) = 0.70710678;
    // cos(a,e) = -3 / 3 = -1; cos(b,e) = 0; cos(c,e) = -6 / (2.8284271 * 3) = -0.70710678;
    // d is the zero vector: 0 with all others, 1 with itself.
    private static final ScalerParams IDENTITY =
            new ScalerParams(List.of("x", "y"), new double[] {0, 0}, new double[] {1, 1});
    private static final List<double[]> VECTORS =
            List.of(
                    new double[] {1, 0},
                    new double[] {0, 1},
                    new double[] {2, 2},
                    new double[] {0, 0},
                    new double[] {-3, 0});
    private static final float R = 0.70710678f;

    @Test
    void denseMatrixMatchesHandComputedCosines() {
        float[][] m = dense(UnitVectors.of(VECTORS, IDENTITY));
        float[][] expected = {
            {1, 0, R, 0, -1},
            {0, 1, R, 0, 0},
            {R, R, 1, 0, -R},
            {0, 0, 0, 1, 0},
            {-1, 0, -R, 0, 1},
        };
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertThat(m[i][j]).as("cos(%d,%d)", i, j).isCloseTo(expected[i][j], within(1e-6f));
            }
            assertThat(m[i][i]).isEqualTo(1f);
        }
    }

    @Test
    void standardizesBeforeTakingTheCosine() {
        // mean (1, 1), scale (1, 2): (3, 1) -> (2, 0); (1, 5) -> (0, 2); cosine 0.
        ScalerParams scaler =
                new ScalerParams(List.of("x", "y"), new double[] {1, 1}, new double[] {1, 2});
        float[][] m =
                dense(UnitVectors.of(List.of(new double[] {3, 1}, new double[] {1, 5}), scaler));
        assertThat(m[0][1]).isEqualTo(0f);
    }

    @Test
    void topKHasHandComputedNeighboursTiesToLowerRowAndPadding() {
        UnitVectors v = UnitVectors.of(VECTORS, IDENTITY);
        // Row a (0): c 0.7071, then b and d tie at 0 -> lower row b (1) first, then d (3), then e
        // -1.
        ByteBuffer top = block(v, 4, 0, 5);
        assertRow(top, new int[] {2, 1, 3, 4}, new float[] {R, 0, 0, -1});
        // Row b (1): c 0.7071, then a, d, e all 0 -> rows 0, 3, 4.
        assertRow(top, new int[] {2, 0, 3, 4}, new float[] {R, 0, 0, 0});
        // K larger than n - 1 pads with (-1, NaN).
        ByteBuffer padded = block(v, 6, 3, 4);
        assertRow(
                padded,
                new int[] {0, 1, 2, 4, -1, -1},
                new float[] {0, 0, 0, 0, Float.NaN, Float.NaN});
    }

    @Test
    void topKEqualsSortedDenseRowsOnRandomVectors() {
        Random random = new Random(7);
        List<double[]> raw = new ArrayList<>();
        for (int i = 0; i < 3000; i++) { // more than one column tile
            double[] x = new double[11];
            for (int f = 0; f < 11; f++) {
                x[f] = random.nextGaussian();
            }
            raw.add(x);
        }
        raw.add(raw.get(5).clone()); // an exact duplicate: cosine 1 off the diagonal
        ScalerParams identity =
                new ScalerParams(
                        org.lambdamusic.contracts.model.AudioFeatures.NAMES,
                        new double[11],
                        java.util.Collections.nCopies(11, 1.0).stream()
                                .mapToDouble(d -> d)
                                .toArray());
        UnitVectors v = UnitVectors.of(raw, identity);
        int n = v.rows();
        float[][] dense = dense(v);
        int k = 25;
        ByteBuffer top = block(v, k, 100, 140);
        for (int i = 100; i < 140; i++) {
            final int row = i;
            List<Integer> others = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != row) {
                    others.add(j);
                }
            }
            others.sort(
                    (x, y) -> {
                        int c = Float.compare(dense[row][y], dense[row][x]);
                        return c != 0 ? c : Integer.compare(x, y);
                    });
            for (int e = 0; e < k; e++) {
                int j = others.get(e);
                assertThat(top.getInt()).isEqualTo(j);
                assertThat(top.getFloat()).isEqualTo(dense[row][j]);
            }
        }
    }

    @Test
    void boundedTopKKeepsTheBestAndBreaksTiesByLowerRow() {
        BoundedTopK top = new BoundedTopK(3);
        top.offer(9, 0.5f);
        top.offer(4, 0.1f);
        top.offer(7, 0.9f);
        top.offer(2, 0.5f); // ties with row 9 at 0.5, lower row wins; 0.1 leaves
        top.offer(8, 0.05f);
        top.offer(5, 0.05f);
        // The buffer (2K = 6) is full: the 3 best are kept, the third best is the threshold.
        assertThat(top.size()).isEqualTo(3);
        assertThat(top.threshold()).isEqualTo(0.5f);
        top.offer(1, 0.2f); // below the threshold: refused at once
        assertThat(top.size()).isEqualTo(3);
        int[] rows = new int[3];
        float[] values = new float[3];
        top.drainBestFirst(rows, values, 0);
        assertRow(entries(rows, values, 0, 3), new int[] {7, 2, 9}, new float[] {0.9f, 0.5f, 0.5f});
        assertThat(top.size()).isZero();
    }

    @Test
    void sameTopKWhateverTheOrderOfTheCandidates() {
        Random random = new Random(3);
        int n = 5000;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            // Few distinct values, so ties are everywhere; negative, zero and 1 included.
            values[i] = (random.nextInt(41) - 20) / 20f;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        int[] expectedRows = null;
        for (int shuffle = 0; shuffle < 5; shuffle++) {
            java.util.Collections.shuffle(order, random);
            BoundedTopK top = new BoundedTopK(50);
            for (int row : order) {
                top.offer(row, values[row]);
            }
            int[] rows = new int[50];
            float[] best = new float[50];
            top.drainBestFirst(rows, best, 0);
            if (expectedRows == null) {
                expectedRows = rows;
                for (int e = 1; e < 50; e++) {
                    boolean ordered =
                            best[e - 1] > best[e]
                                    || (best[e - 1] == best[e] && rows[e - 1] < rows[e]);
                    assertThat(ordered).as("entry %d after %d", e, e - 1).isTrue();
                }
            }
            assertThat(rows).isEqualTo(expectedRows);
        }
    }

    @Test
    void keysSortLikeTheCosinesAndDecodeExactly() {
        float[] cosines = {1f, 0.5f, Float.MIN_VALUE, 0f, -Float.MIN_VALUE, -0.5f, -1f};
        for (int i = 0; i < cosines.length; i++) {
            assertThat(BoundedTopK.value(BoundedTopK.key(7, cosines[i]))).isEqualTo(cosines[i]);
            if (i > 0) {
                assertThat(BoundedTopK.key(7, cosines[i - 1]))
                        .isLessThan(BoundedTopK.key(7, cosines[i]));
            }
        }
        assertThat(BoundedTopK.key(3, 0.5f)).isLessThan(BoundedTopK.key(4, 0.5f));
    }

    private static float[][] dense(UnitVectors v) {
        int n = v.rows();
        float[] all = DenseSimilarity.compute(v).cosines();
        float[][] m = new float[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(all, i * n, m[i], 0, n);
        }
        return m;
    }

    /** The neighbour entries of rows [from, to) as (row, cosine) pairs, in neighbors.bin order. */
    private static ByteBuffer block(UnitVectors v, int k, int from, int to) {
        int[] rows = new int[v.rows() * k];
        float[] cosines = new float[v.rows() * k];
        NeighborBlock.compute(v.values(), v.rows(), v.dims(), k, from, to, rows, cosines);
        return entries(rows, cosines, from * k, to * k);
    }

    private static ByteBuffer entries(int[] rows, float[] cosines, int from, int to) {
        ByteBuffer out = ByteBuffer.allocate((to - from) * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int cell = from; cell < to; cell++) {
            out.putInt(rows[cell]).putFloat(cosines[cell]);
        }
        return out.flip();
    }

    private static void assertRow(ByteBuffer buf, int[] rows, float[] values) {
        for (int e = 0; e < rows.length; e++) {
            assertThat(buf.getInt()).as("entry %d row", e).isEqualTo(rows[e]);
            float v = buf.getFloat();
            if (Float.isNaN(values[e])) {
                assertThat(v).isNaN();
            } else {
                assertThat(v).as("entry %d cosine", e).isCloseTo(values[e], within(1e-6f));
            }
        }
    }
}
