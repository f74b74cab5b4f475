package org.lambdamusic.batch.similarity;

import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.contracts.model.NeighborTable;
import org.lambdamusic.contracts.model.NeighborsLayout;

/**
 * The top-K neighbours of every track of the whole catalog, computed on the driver, where the unit
 * vectors (n × 11 floats, 4 MB for 90k tracks) and the result (n × K) already are: one worker
 * thread per core takes blocks of rows from a shared counter ({@link RowBlocks}) and writes their
 * neighbours straight into the result arrays (disjoint ranges). As Spark tasks the same kernel also
 * paid for broadcasting the vectors, scheduling ~90 tasks and serializing 72 MB of results back to
 * the driver, for the same two cores. The n×n matrix never exists (32 GB). Progress is logged every
 * 10 s.
 */
public final class TopKNeighbors {
    /** Rows per block of work (RowBlocks); public for the kernel benchmark's latency pass. */
    public static final int BLOCK_ROWS = 1024;

    private TopKNeighbors() {}

    public static NeighborTable compute(UnitVectors vectors, int k) {
        return compute(vectors, k, Runtime.getRuntime().availableProcessors());
    }

    public static NeighborTable compute(UnitVectors vectors, int k, int threads) {
        int n = vectors.rows();
        int dims = vectors.dims();
        long size = (long) n * k * NeighborsLayout.ENTRY_BYTES;
        if (size > Integer.MAX_VALUE - 16) {
            throw new BatchJobException("neighbors.bin would be " + size + " bytes; lower --top-k");
        }
        int[] rows = new int[n * k];
        float[] cosines = new float[n * k];
        float[] columns = vectors.values();
        RowBlocks.run(
                n,
                BLOCK_ROWS,
                threads,
                (from, to) -> NeighborBlock.compute(columns, n, dims, k, from, to, rows, cosines));
        return new NeighborTable(n, k, rows, cosines);
    }
}
