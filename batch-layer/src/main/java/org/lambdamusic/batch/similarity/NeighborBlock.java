package org.lambdamusic.batch.similarity;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.lambdamusic.contracts.model.NeighborsLayout;

/**
 * The top-K neighbours of the rows [from, to), as that slice of neighbors.bin. The other rows are
 * visited in column tiles small enough to stay in cache while every row of the block is scored
 * against them; only K entries per row are ever kept.
 */
public final class NeighborBlock {
    /** Candidates scored per pass; 2,048 floats of dot products stay in L1. */
    static final int TILE = 2048;

    private NeighborBlock() {}

    /**
     * @param columns feature-major unit vectors ({@link UnitVectors#values()}) of n rows
     * @return (to - from) * k entries, {@link NeighborsLayout}
     */
    public static byte[] compute(float[] columns, int n, int dims, int k, int from, int to) {
        int rows = to - from;
        BoundedTopK[] heaps = new BoundedTopK[rows];
        float[][] queries = new float[rows][dims];
        for (int r = 0; r < rows; r++) {
            heaps[r] = new BoundedTopK(k);
            for (int f = 0; f < dims; f++) {
                queries[r][f] = columns[f * n + from + r];
            }
        }
        float[] dots = new float[TILE];
        for (int tileStart = 0; tileStart < n; tileStart += TILE) {
            int tileEnd = Math.min(n, tileStart + TILE);
            int len = tileEnd - tileStart;
            for (int r = 0; r < rows; r++) {
                CosineKernel.dots(queries[r], columns, n, tileStart, tileEnd, dots);
                BoundedTopK heap = heaps[r];
                int self = from + r;
                float threshold = heap.threshold();
                for (int c = 0; c < len; c++) {
                    float v = dots[c];
                    // Candidates come in ascending row order, so one equal to the worst kept
                    // entry ranks below it (ties go to the lower row): strictly greater only.
                    if (v > threshold || threshold == Float.NEGATIVE_INFINITY) {
                        int row = tileStart + c;
                        if (row != self) {
                            heap.offer(row, v);
                            threshold = heap.threshold();
                        }
                    }
                }
            }
        }
        ByteBuffer out =
                ByteBuffer.allocate(rows * k * NeighborsLayout.ENTRY_BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN);
        for (BoundedTopK heap : heaps) {
            heap.drainBestFirst(out);
        }
        return out.array();
    }
}
