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
 * Candidates are filtered against the row's running threshold on the raw sum; only the few that
 * pass are clamped and offered.
 */
public final class NeighborBlock {
    /** Candidates scored per pass: 512 columns × 11 features (22 KB) stay in L1. */
    static final int TILE = 512; // foldMaxima's loop bounds assume 512

    /** Maxima a full tile is folded into before the threshold check: column c is in lane c % 32. */
    static final int LANES = 32;

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
        BoundedTopK[] best = new BoundedTopK[rows];
        float[][] queries = new float[rows][dims];
        for (int r = 0; r < rows; r++) {
            best[r] = new BoundedTopK(k);
            for (int f = 0; f < dims; f++) {
                queries[r][f] = columns[f * n + from + r];
            }
        }
        float[] dots = new float[TILE];
        float[] lanes = new float[TILE / 2];
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
                offerAbove(best[r], from + r, tileStart, len, dots, lanes);
            }
        }
        for (int r = 0; r < rows; r++) {
            best[r].drainBestFirst(outRows, outCosines, (from + r) * k);
        }
    }

    private static final int ELEVEN = 11;

    /**
     * Offers the candidates of one tile whose (raw, unclamped) dot can still enter. Comparing each
     * of the n² dots with the row's threshold, one compare-and-branch at a time, cost about as much
     * as computing them; so a full tile is first folded into {@link #LANES} maxima with
     * element-wise max loops the JIT vectorizes, and only a lane whose maximum reaches the
     * threshold is scanned (a row sees ~1,000 candidates worth offering among 90k, so most lanes of
     * most tiles are skipped). The order of the offers does not matter: {@link BoundedTopK} keeps
     * the K best of a total order.
     */
    private static void offerAbove(
            BoundedTopK top, int self, int tileStart, int len, float[] dots, float[] lanes) {
        float floor = floor(top.threshold());
        if (len < TILE) {
            scan(top, self, tileStart, dots, 0, len, 1, floor);
            return;
        }
        foldMaxima(dots, lanes);
        for (int lane = 0; lane < LANES; lane++) {
            if (lanes[lane] >= floor) {
                floor = scan(top, self, tileStart, dots, lane, len, LANES, floor);
            }
        }
    }

    /** Offers dots[from], dots[from + step], ... that can still enter; returns the new floor. */
    private static float scan(
            BoundedTopK top,
            int self,
            int tileStart,
            float[] dots,
            int from,
            int len,
            int step,
            float floor) {
        for (int c = from; c < len; c += step) {
            float raw = dots[c];
            // Equal may still enter (by lower row).
            if (raw >= floor) {
                int row = tileStart + c;
                if (row != self) {
                    top.offer(row, CosineKernel.clamp(raw));
                    floor = floor(top.threshold());
                }
            }
        }
        return floor;
    }

    /**
     * lanes[l] = the maximum of dots[l], dots[l + LANES], dots[l + 2 LANES], ... of a full tile, by
     * halving: max(first half, second half), then again on the result, down to LANES values.
     */
    static void foldMaxima(float[] dots, float[] lanes) {
        // Constant bounds, one loop per step: the form C2 turns into vector max instructions.
        for (int k = 0; k < 256; k++) {
            lanes[k] = Math.max(dots[k], dots[k + 256]);
        }
        for (int k = 0; k < 128; k++) {
            lanes[k] = Math.max(lanes[k], lanes[k + 128]);
        }
        for (int k = 0; k < 64; k++) {
            lanes[k] = Math.max(lanes[k], lanes[k + 64]);
        }
        for (int k = 0; k < LANES; k++) {
            lanes[k] = Math.max(lanes[k], lanes[k + LANES]);
        }
    }

    /**
     * The raw sum below which a candidate cannot enter: the threshold itself, since clamping never
     * lifts a raw sum above a threshold ≤ 1, except at -1, where a sum just below -1 clamps up to
     * it and may still win by row.
     */
    private static float floor(float threshold) {
        return threshold <= -1f ? Float.NEGATIVE_INFINITY : threshold;
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
