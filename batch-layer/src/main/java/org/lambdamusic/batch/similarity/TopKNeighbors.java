package org.lambdamusic.batch.similarity;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.contracts.model.NeighborsLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * neighbors.bin for the whole catalog: the unit vectors (n × 11 floats, 4 MB for 90k tracks) are
 * broadcast, each Spark task takes a block of rows and returns only their top-K, so no task ever
 * holds more than one block's heaps and the n×n matrix never exists. Progress is logged while the
 * tasks run.
 */
public final class TopKNeighbors {
    private static final Logger LOG = LoggerFactory.getLogger(TopKNeighbors.class);
    static final int BLOCK_ROWS = 1024;
    private static final long PROGRESS_EVERY_SECONDS = 10;

    private TopKNeighbors() {}

    public static byte[] compute(SparkSession spark, UnitVectors vectors, int k) {
        int n = vectors.rows();
        int dims = vectors.dims();
        long size = (long) n * k * NeighborsLayout.ENTRY_BYTES;
        if (size > Integer.MAX_VALUE - 16) {
            throw new BatchJobException("neighbors.bin would be " + size + " bytes; lower --top-k");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<float[]> columns = jsc.broadcast(vectors.values());
        LongAccumulator rowsDone = spark.sparkContext().longAccumulator("top_k_rows_done");
        List<Integer> blocks = new ArrayList<>();
        for (int b = 0; b * BLOCK_ROWS < n; b++) {
            blocks.add(b);
        }
        JavaFutureAction<List<Tuple2<Integer, byte[]>>> job =
                jsc.parallelize(blocks, blocks.size())
                        .map(
                                b -> {
                                    int from = b * BLOCK_ROWS;
                                    int to = Math.min(n, from + BLOCK_ROWS);
                                    byte[] slice =
                                            NeighborBlock.compute(
                                                    columns.value(), n, dims, k, from, to);
                                    rowsDone.add(to - from);
                                    return new Tuple2<>(b, slice);
                                })
                        .collectAsync();
        List<Tuple2<Integer, byte[]>> slices = await(job, rowsDone, n);
        columns.destroy();

        byte[] out = new byte[(int) size];
        for (Tuple2<Integer, byte[]> slice : slices) {
            int offset = slice._1() * BLOCK_ROWS * k * NeighborsLayout.ENTRY_BYTES;
            System.arraycopy(slice._2(), 0, out, offset, slice._2().length);
        }
        return out;
    }

    private static <T> T await(JavaFutureAction<T> job, LongAccumulator rowsDone, int n) {
        long start = System.nanoTime();
        while (true) {
            try {
                return job.get(PROGRESS_EVERY_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                LOG.info(
                        "stage=similarity progress rows_done={} rows_total={} ms={}",
                        rowsDone.value(),
                        n,
                        (System.nanoTime() - start) / 1_000_000);
            } catch (InterruptedException e) {
                job.cancel(true);
                Thread.currentThread().interrupt();
                throw new BatchJobException("interrupted while computing neighbours");
            } catch (ExecutionException e) {
                throw new BatchJobException(
                        "top-K task failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }
}
