package org.lambdamusic.batch.similarity;

/**
 * The top-K neighbours of the rows [from, to), as that slice of neighbors.bin. The other rows are
 * visited in column tiles small enough to stay in L1 while every row of the block is scored against
 * them; only K entries per row are ever kept.
 *
 * <p>This is the full-catalog hot loop (n² dot products). For the eleven audio features the tile's
 * columns are first copied into a small array of their own, and the dot products run in loops the
 * JIT turns into SIMD code (see {@link #dots11}). The sum is still formed feature by feature in the
 * same order as {@link CosineKernel}, so every value is bit-identical to the dense matrix's.
 * Candidates are filtered against the heap's threshold on the raw sum; only the few that pass are
 * clamped and offered.
 */
public final class NeighborBlock {
    /** Candidates scored per pass: 512 columns × 11 features (22 KB) stay in L1. */
    static final int TILE = 512;

    private NeighborBlock() {}

    /**
     * Writes the neighbours of rows [from, to) into cells [from × k, to × k) of {@code outRows} and
     * {@code outCosines} (the {@link org.lambdamusic.contracts.model.NeighborTable} arrays).
     *
     * @param columns feature-major unit vectors ({@link UnitVectors#values()}) of n rows
     */
    public static void compute(
            float[] columns,
            int n,
            int dims,
            int k,
            int from,
            int to,
            int[] outRows,
            float[] outCosines) {
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
        float[] tile = new float[ELEVEN * TILE];
        for (int tileStart = 0; tileStart < n; tileStart += TILE) {
            int tileEnd = Math.min(n, tileStart + TILE);
            int len = tileEnd - tileStart;
            if (dims == ELEVEN) {
                copyTile(columns, n, tileStart, len, tile);
            }
            for (int r = 0; r < rows; r++) {
                if (dims == ELEVEN) {
                    dots11(queries[r], tile, len, dots);
                } else {
                    CosineKernel.rawDots(queries[r], columns, n, tileStart, len, dots);
                }
                offerAbove(heaps[r], from + r, tileStart, len, dots);
            }
        }
        for (int r = 0; r < rows; r++) {
            heaps[r].drainBestFirst(outRows, outCosines, (from + r) * k);
        }
    }

    private static final int ELEVEN = 11;

    /** Offers the candidates of one tile whose (raw, unclamped) dot beats the heap's threshold. */
    private static void offerAbove(
            BoundedTopK heap, int self, int tileStart, int len, float[] dots) {
        float threshold = heap.threshold();
        for (int c = 0; c < len; c++) {
            float raw = dots[c];
            // clamp() never lifts a value above the threshold (which is itself a clamped value
            // ≤ 1), so filtering on the raw sum loses nothing; most candidates stop here.
            if (raw > threshold) {
                float v = CosineKernel.clamp(raw);
                // Candidates come in ascending row order, so one equal to the worst kept entry
                // ranks below it (ties go to the lower row): strictly greater only.
                int row = tileStart + c;
                if ((v > threshold || threshold == Float.NEGATIVE_INFINITY) && row != self) {
                    heap.offer(row, v);
                    threshold = heap.threshold();
                }
            }
        }
    }

    /**
     * Copies columns [from, from + len) of the 11 features into {@code tile}, feature f at offset f
     * × {@link #TILE}: constant offsets from a zero-based index are what lets the JIT vectorize
     * {@link #dots11} (with offsets f × n into the whole matrix it stays scalar, ~7x slower).
     */
    static void copyTile(float[] columns, int n, int from, int len, float[] tile) {
        for (int f = 0; f < ELEVEN; f++) {
            System.arraycopy(columns, f * n + from, tile, f * TILE, len);
        }
    }

    /**
     * out[k] = q · tile column k, unclamped, for 11 features, summed left to right (the order of
     * {@link CosineKernel#dots}, so the values are bit-identical). Three loops of at most four
     * features each: the JIT only vectorizes a loop whose unrolled body stays under its unroll
     * limit (default {@code LoopUnrollLimit}), and one 11-term expression does not, which made it
     * scalar and ~8x slower. Storing the partial sum to a float[] between loops rounds nothing (it
     * is already a float).
     */
    static void dots11(float[] q, float[] tile, int len, float[] out) {
        float q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4], q5 = q[5];
        float q6 = q[6], q7 = q[7], q8 = q[8], q9 = q[9], q10 = q[10];
        for (int k = 0; k < len; k++) {
            out[k] =
                    q0 * tile[k]
                            + q1 * tile[TILE + k]
                            + q2 * tile[2 * TILE + k]
                            + q3 * tile[3 * TILE + k];
        }
        for (int k = 0; k < len; k++) {
            out[k] =
                    out[k]
                            + q4 * tile[4 * TILE + k]
                            + q5 * tile[5 * TILE + k]
                            + q6 * tile[6 * TILE + k]
                            + q7 * tile[7 * TILE + k];
        }
        for (int k = 0; k < len; k++) {
            out[k] =
                    out[k]
                            + q8 * tile[8 * TILE + k]
                            + q9 * tile[9 * TILE + k]
                            + q10 * tile[10 * TILE + k];
        }
    }
}
