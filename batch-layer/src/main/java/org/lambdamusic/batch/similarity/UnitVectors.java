package org.lambdamusic.batch.similarity;

import java.util.List;
import org.lambdamusic.contracts.model.ScalerParams;

/**
 * The model's standardized feature vectors scaled to length 1, as float32 in feature-major order
 * ({@code values[f * n + row]}): the similarity kernels run one feature at a time over many rows,
 * which the JIT turns into SIMD loops. Cosine similarity is then a dot product. A vector of length
 * 0 (a track exactly at the mean) stays all zeros: cosine 0 with every other track, 1 with itself.
 */
public record UnitVectors(int rows, int dims, float[] values) {

    public static UnitVectors of(List<double[]> raw, ScalerParams scaler) {
        int n = raw.size();
        int d = scaler.mean().length;
        float[] values = new float[n * d];
        for (int row = 0; row < n; row++) {
            double[] z = scaler.standardize(raw.get(row));
            double norm = 0;
            for (double v : z) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int f = 0; f < d; f++) {
                values[f * n + row] = norm == 0 ? 0f : (float) (z[f] / norm);
            }
        }
        return new UnitVectors(n, d, values);
    }

    /** Row {@code row} as a dense vector (the query side of the kernels). */
    public float[] row(int row) {
        float[] q = new float[dims];
        copyRow(row, q);
        return q;
    }

    public void copyRow(int row, float[] into) {
        for (int f = 0; f < dims; f++) {
            into[f] = values[f * rows + row];
        }
    }
}
