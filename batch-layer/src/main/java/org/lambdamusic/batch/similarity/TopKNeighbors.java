package org.lambdamusic.batch.similarity;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.contracts.model.NeighborTable;
import org.lambdamusic.contracts.model.NeighborsLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The top-K neighbours of every track of the whole catalog, computed on the driver, where the unit
 * vectors (n × 11 floats, 4 MB for 90k tracks) and the result (n × K) already are: one worker
 * thread per core takes blocks of rows from a shared counter and writes their neighbours straight
 * into the result arrays (disjoint ranges). As Spark tasks the same kernel also paid for
 * broadcasting the vectors, scheduling ~90 tasks and serializing 72 MB of results back to the
 * driver, for the same two cores. The n×n matrix never exists (32 GB). Progress is logged every 10
 * s.
 */
public final class TopKNeighbors {
    private static final Logger LOG = LoggerFactory.getLogger(TopKNeighbors.class);
    static final int BLOCK_ROWS = 1024;
    private static final long PROGRESS_EVERY_SECONDS = 10;

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
        AtomicInteger nextBlock = new AtomicInteger();
        AtomicLong rowsDone = new AtomicLong();
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        threads,
                        task -> {
                            Thread t = new Thread(task, "top-k");
                            t.setDaemon(true);
                            return t;
                        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(
                        pool.submit(
                                () -> {
                                    int from;
                                    while ((from = nextBlock.getAndIncrement() * BLOCK_ROWS) < n) {
                                        int to = Math.min(n, from + BLOCK_ROWS);
                                        NeighborBlock.compute(
                                                columns, n, dims, k, from, to, rows, cosines);
                                        rowsDone.addAndGet(to - from);
                                    }
                                }));
            }
            long start = System.nanoTime();
            for (Future<?> worker : workers) {
                await(worker, rowsDone, n, start);
            }
        } finally {
            pool.shutdownNow();
        }
        return new NeighborTable(n, k, rows, cosines);
    }

    private static void await(Future<?> worker, AtomicLong rowsDone, int n, long start) {
        while (true) {
            try {
                worker.get(PROGRESS_EVERY_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                LOG.info(
                        "stage=similarity progress rows_done={} rows_total={} ms={}",
                        rowsDone.get(),
                        n,
                        (System.nanoTime() - start) / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BatchJobException("interrupted while computing neighbours");
            } catch (ExecutionException e) {
                throw new BatchJobException(
                        "top-K computation failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
