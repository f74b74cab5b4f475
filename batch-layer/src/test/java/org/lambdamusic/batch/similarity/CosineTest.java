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
        BoundedTopK heap = new BoundedTopK(3);
        heap.offer(9, 0.5f);
        heap.offer(4, 0.1f);
        heap.offer(7, 0.9f);
        assertThat(heap.threshold()).isEqualTo(0.1f);
        heap.offer(2, 0.5f); // ties with row 9 at 0.5, lower row wins; 0.1 leaves
        heap.offer(8, 0.05f); // below the threshold
        int[] rows = new int[3];
        float[] values = new float[3];
        heap.drainBestFirst(rows, values, 0);
        assertRow(entries(rows, values, 0, 3), new int[] {7, 2, 9}, new float[] {0.9f, 0.5f, 0.5f});
        assertThat(heap.size()).isZero();
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
