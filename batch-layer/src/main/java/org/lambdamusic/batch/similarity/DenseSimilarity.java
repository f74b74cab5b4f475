package org.lambdamusic.batch.similarity;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
        // Rows in chunks from a shared counter, one thread per core; each row is computed whole by
        // one thread, so the values do not depend on the split.
        AtomicInteger nextChunk = new AtomicInteger();
        Runnable worker =
                () -> {
                    float[] q = new float[vectors.dims()];
                    float[] row = new float[n];
                    int from;
                    while ((from = nextChunk.getAndIncrement() * CHUNK_ROWS) < n) {
                        for (int i = from; i < Math.min(n, from + CHUNK_ROWS); i++) {
                            vectors.copyRow(i, q);
                            CosineKernel.dots(q, vectors.values(), n, 0, n, row);
                            row[i] = 1f;
                            System.arraycopy(row, 0, cosines, i * n, n);
                        }
                    }
                };
        int threads = Runtime.getRuntime().availableProcessors();
        List<Thread> helpers = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            Thread helper = new Thread(worker, "dense-similarity");
            helper.setDaemon(true);
            helper.start();
            helpers.add(helper);
        }
        worker.run();
        for (Thread helper : helpers) {
            try {
                helper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while computing the matrix", e);
            }
        }
        return new SimilarityMatrix(n, cosines);
    }
}
