package org.lambdamusic.batch.similarity;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * similarity.f32: the n×n cosine matrix as float32, little-endian, row-major, with an exact 1 on
 * the diagonal (also for a zero vector, whose other entries are 0).
 */
public final class DenseSimilarity {
    private DenseSimilarity() {}

    public static byte[] compute(UnitVectors vectors) {
        int n = vectors.rows();
        long size = (long) n * n * Float.BYTES;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(
                    n + " tracks make a " + size + "-byte dense matrix; use --sample all (top-K)");
        }
        byte[] bytes = new byte[(int) size];
        FloatBuffer out = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] q = new float[vectors.dims()];
        float[] row = new float[n];
        for (int i = 0; i < n; i++) {
            vectors.copyRow(i, q);
            CosineKernel.dots(q, vectors.values(), n, 0, n, row);
            row[i] = 1f;
            out.put(row);
        }
        return bytes;
    }
}
