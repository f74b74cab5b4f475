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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows [0, n) of a similarity computation cut into blocks and worked off by a fixed number of
 * threads (one per core in the job), each taking the next block from a shared counter. A block is
 * computed whole by one thread and blocks write disjoint ranges of the result, so the values do not
 * depend on the split or on the number of threads. The calling thread waits and logs progress every
 * 10 s.
 */
public final class RowBlocks {
    private static final Logger LOG = LoggerFactory.getLogger(RowBlocks.class);
    private static final long PROGRESS_EVERY_SECONDS = 10;

    /** The work on rows [from, to). */
    @FunctionalInterface
    public interface BlockTask {
        void compute(int from, int to);
    }

    private RowBlocks() {}

    public static void run(int n, int blockRows, int threads, BlockTask task) {
        AtomicInteger nextBlock = new AtomicInteger();
        AtomicLong rowsDone = new AtomicLong();
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        threads,
                        runnable -> {
                            Thread t = new Thread(runnable, "similarity");
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
                                    while ((from = nextBlock.getAndIncrement() * blockRows) < n) {
                                        int to = Math.min(n, from + blockRows);
                                        task.compute(from, to);
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
                throw new BatchJobException("interrupted while computing similarities");
            } catch (ExecutionException e) {
                throw new BatchJobException(
                        "similarity computation failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
