package org.lambdamusic.batch.similarity;

/**
 * Dot products of one unit vector with a range of others: the inner loop of both the dense matrix
 * and the top-K search. Each product is summed feature by feature in the same order, so a pair gets
 * bit-identical values whichever way it is computed (dense or top-K, any block size), and cos(i, j)
 * == cos(j, i).
 */
public final class CosineKernel {
    private CosineKernel() {}

    /**
     * out[k] = clamp(q · v[from + k]) for k in [0, to - from).
     *
     * @param columns feature-major values of {@link UnitVectors}, n rows
     */
    public static void dots(float[] q, float[] columns, int n, int from, int to, float[] out) {
        int len = to - from;
        rawDots(q, columns, n, from, len, out);
        for (int k = 0; k < len; k++) {
            out[k] = clamp(out[k]);
        }
    }

    /**
     * The unclamped sums out[k] = q · v[from + k] for k in [0, len), one feature at a time: the
     * summation order every cosine in the model follows.
     */
    static void rawDots(float[] q, float[] columns, int n, int from, int len, float[] out) {
        float q0 = q[0];
        for (int k = 0; k < len; k++) {
            out[k] = q0 * columns[from + k];
        }
        for (int f = 1; f < q.length; f++) {
            float qf = q[f];
            int base = f * n + from;
            for (int k = 0; k < len; k++) {
                out[k] += qf * columns[base + k];
            }
        }
    }

    /**
     * Rounding can step just outside [-1, 1]; -0.0 becomes 0.0 so equal inputs give equal bytes.
     */
    static float clamp(float v) {
        if (v > 1f) {
            return 1f;
        }
        if (v < -1f) {
            return -1f;
        }
        return v == 0f ? 0f : v;
    }
}
