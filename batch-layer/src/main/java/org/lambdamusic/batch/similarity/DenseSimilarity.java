package org.lambdamusic.batch.similarity;

import org.lambdamusic.contracts.model.SimilarityMatrix;

/**
 * The n×n cosine matrix of the sample (similarity.f32 once contracts encodes it), with an exact 1
 * on the diagonal (also for a zero vector, whose other entries are 0).
 */
public final class DenseSimilarity {
    private static final int CHUNK_ROWS = 64;

    private DenseSimilarity() {}

    public static SimilarityMatrix compute(UnitVectors vectors) {
        int n = vectors.rows();
        long size = (long) n * n * Float.BYTES;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(
                    n + " tracks make a " + size + "-byte dense matrix; use --sample all (top-K)");
        }
        float[] cosines = new float[n * n];
        RowBlocks.run(
                n,
                CHUNK_ROWS,
                Runtime.getRuntime().availableProcessors(),
                (from, to) -> {
                    float[] q = new float[vectors.dims()];
                    float[] row = new float[n];
                    for (int i = from; i < to; i++) {
                        vectors.copyRow(i, q);
                        CosineKernel.dots(q, vectors.values(), n, 0, n, row);
                        row[i] = 1f;
                        System.arraycopy(row, 0, cosines, i * n, n);
                    }
                });
        return new SimilarityMatrix(n, cosines);
    }
}
