package org.lambdamusic.batch.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.lambdamusic.batch.BatchJob;
import org.lambdamusic.batch.SparkSessions;
import org.lambdamusic.batch.catalog.CollectedCatalog;
import org.lambdamusic.batch.catalog.InputFile;
import org.lambdamusic.batch.catalog.Track;
import org.lambdamusic.batch.cli.JobOptions;
import org.lambdamusic.batch.cli.SampleSize;
import org.lambdamusic.batch.sampling.TrackSampler;
import org.lambdamusic.batch.similarity.NeighborBlock;
import org.lambdamusic.batch.similarity.RowBlocks;
import org.lambdamusic.batch.similarity.TopKNeighbors;
import org.lambdamusic.batch.similarity.UnitVectors;
import org.lambdamusic.contracts.model.NeighborTable;
import org.lambdamusic.contracts.model.Sha256;

/**
 * The full-catalog top-K kernel alone, in one JVM: the unit vectors come from the job's own steps
 * ({@link BatchJob#loadClean}, {@link TrackSampler#sample} with {@code all}, {@link
 * BatchJob#standardize}, as in {@link LoadCleanStandardize}), Spark is stopped, then {@link
 * TopKNeighbors#compute(UnitVectors, int)} (the call the job makes) runs for warm-up and measured
 * rounds. Usage: {@code TopKKernelBench <csv|csv.gz> <k> <warmup rounds> <measured rounds>}.
 *
 * <p>Per round: wall time, process CPU time (all threads: the kernel's workers, and GC and JIT
 * threads, whose share is printed separately), rows/s, and the sha256 of the encoded {@link
 * NeighborTable} (the bytes of neighbors.bin): every round must give the same digest, or the bench
 * fails. {@code compute} does not report its blocks, so latency percentiles come from a second pass
 * per measured round that drives the same public block kernel ({@link NeighborBlock#compute}) the
 * same way (the job's {@link RowBlocks} with {@link TopKNeighbors#BLOCK_ROWS}) and times each call;
 * that pass must produce the same digest too.
 */
public final class TopKKernelBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private TopKKernelBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println(
                    "usage: TopKKernelBench <csv|csv.gz> <k> <warmup rounds> <measured rounds>");
            System.exit(2);
        }
        int k = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        if (k < 1 || warmup < 0 || rounds < 1) {
            System.err.println("k and measured rounds must be >= 1, warm-up rounds >= 0");
            System.exit(2);
        }
        long setupStart = System.nanoTime();
        UnitVectors vectors = jobVectors(args[0]);
        int n = vectors.rows();
        int threads = Runtime.getRuntime().availableProcessors();
        int blockRows = TopKNeighbors.BLOCK_ROWS;
        System.out.printf(
                Locale.ROOT,
                "setup rows=%d dims=%d k=%d threads=%d block_rows=%d warmup=%d rounds=%d"
                        + " setup_ms=%d%n",
                n,
                vectors.dims(),
                k,
                threads,
                blockRows,
                warmup,
                rounds,
                ms(System.nanoTime() - setupStart));

        String digest = null;
        List<Round> measured = new ArrayList<>();
        for (int i = 0; i < warmup + rounds; i++) {
            Round r = computeRound(vectors, k);
            digest = sameDigest(digest, r.sha256, "round " + (i + 1));
            boolean warm = i < warmup;
            System.out.printf(
                    Locale.ROOT,
                    "round=%d phase=%s wall_ms=%d process_cpu_ms=%d gc_ms=%d jit_ms=%d"
                            + " rows_per_s=%.0f%n",
                    i + 1,
                    warm ? "warmup" : "measured",
                    ms(r.wallNs),
                    ms(r.cpuNs),
                    r.gcMs,
                    r.jitMs,
                    n / (r.wallNs / 1e9));
            if (!warm) {
                measured.add(r);
            }
        }

        // Latency per block: the same blocks and scheduling as compute, each call timed.
        List<Long> blockNs = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            BlockPass p = blockPass(vectors, k, threads, blockRows);
            digest = sameDigest(digest, p.sha256, "block pass " + (i + 1));
            for (long ns : p.fullBlockNs) {
                blockNs.add(ns);
            }
            System.out.printf(
                    Locale.ROOT,
                    "block_pass=%d wall_ms=%d worker_thread_cpu_ms=%d rows_per_s=%.0f%n",
                    i + 1,
                    ms(p.wallNs),
                    ms(p.workerCpuNs),
                    n / (p.wallNs / 1e9));
        }

        long[] wall = measured.stream().mapToLong(r -> r.wallNs).sorted().toArray();
        long[] cpu = measured.stream().mapToLong(r -> r.cpuNs).sorted().toArray();
        long[] blocks = blockNs.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "summary rounds=%d round_wall_ms min=%d p50=%d p95=%d p99=%d max=%d"
                        + " (nearest rank over rounds; with < 20 rounds p95 = p99 = the slowest)%n",
                rounds,
                ms(wall[0]),
                ms(pct(wall, 50)),
                ms(pct(wall, 95)),
                ms(pct(wall, 99)),
                ms(wall[wall.length - 1]));
        System.out.printf(
                Locale.ROOT,
                "summary round_process_cpu_ms min=%d p50=%d max=%d%n",
                ms(cpu[0]),
                ms(pct(cpu, 50)),
                ms(cpu[cpu.length - 1]));
        System.out.printf(
                Locale.ROOT,
                "summary rows_per_s p50=%.0f (rows per round %d / p50 round wall time)%n",
                n / (pct(wall, 50) / 1e9),
                n);
        System.out.printf(
                Locale.ROOT,
                "summary block_latency_ms blocks=%d block_rows=%d p50=%.1f p95=%.1f p99=%.1f"
                        + " max=%.1f (full blocks of %d block passes, %d threads)%n",
                blocks.length,
                blockRows,
                pct(blocks, 50) / 1e6,
                pct(blocks, 95) / 1e6,
                pct(blocks, 99) / 1e6,
                blocks[blocks.length - 1] / 1e6,
                rounds,
                threads);
        System.out.printf("summary neighbors_sha256=%s%n", digest);
    }

    /** The job's steps up to the unit vectors, then Spark stopped so it does not share the CPU. */
    private static UnitVectors jobVectors(String path) {
        InputFile input = InputFile.open(path);
        SparkSession spark =
                SparkSessions.start(
                        System.getenv().getOrDefault("SPARK_MASTER", JobOptions.DEFAULT_MASTER));
        try {
            CollectedCatalog catalog = BatchJob.loadClean(spark, input, JobOptions.DEFAULT_SEED);
            List<Track> tracks = TrackSampler.sample(catalog, SampleSize.ALL);
            return BatchJob.standardize(spark, tracks).vectors();
        } finally {
            spark.stop();
        }
    }

    private record Round(long wallNs, long cpuNs, long gcMs, long jitMs, String sha256) {}

    private static Round computeRound(UnitVectors vectors, int k) {
        // The previous round's 72 MB result is collected here, not inside the next timed round.
        System.gc();
        long gc0 = gcMs();
        long jit0 = jitMs();
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        NeighborTable table = TopKNeighbors.compute(vectors, k);
        long wall = System.nanoTime() - t0;
        long cpu = OS.getProcessCpuTime() - cpu0;
        return new Round(wall, cpu, gcMs() - gc0, jitMs() - jit0, Sha256.hex(table.encode()));
    }

    private record BlockPass(long wallNs, long workerCpuNs, long[] fullBlockNs, String sha256) {}

    private static BlockPass blockPass(UnitVectors vectors, int k, int threads, int blockRows) {
        System.gc();
        int n = vectors.rows();
        int dims = vectors.dims();
        float[] columns = vectors.values();
        int[] rows = new int[n * k];
        float[] cosines = new float[n * k];
        int blocks = (n + blockRows - 1) / blockRows;
        long[] latency = new long[blocks];
        long[] blockCpu = new long[blocks];
        long t0 = System.nanoTime();
        // The job's own worker loop (RowBlocks), each block timed around the job's kernel.
        RowBlocks.run(
                n,
                blockRows,
                threads,
                (from, to) -> {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long s = System.nanoTime();
                    NeighborBlock.compute(columns, n, dims, k, from, to, rows, cosines);
                    latency[from / blockRows] = System.nanoTime() - s;
                    blockCpu[from / blockRows] = THREADS.getCurrentThreadCpuTime() - c0;
                });
        long wall = System.nanoTime() - t0;
        // The last block is shorter (n is not a multiple of the block size): left out.
        long[] full = n % blockRows == 0 ? latency : Arrays.copyOf(latency, blocks - 1);
        String sha = Sha256.hex(new NeighborTable(n, k, rows, cosines).encode());
        return new BlockPass(wall, Arrays.stream(blockCpu).sum(), full, sha);
    }

    private static String sameDigest(String expected, String actual, String what) {
        if (expected != null && !expected.equals(actual)) {
            System.err.printf(
                    "top-K bench failed: %s gave neighbors sha256 %s, earlier rounds %s%n",
                    what, actual, expected);
            System.exit(1);
        }
        return actual;
    }

    /** Nearest-rank percentile of an ascending array. */
    private static long pct(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static long gcMs() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long jitMs() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported()
                ? jit.getTotalCompilationTime()
                : -1;
    }

    private static long ms(long ns) {
        return ns / 1_000_000;
    }
}
