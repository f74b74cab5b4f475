package org.lambdamusic.batch.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import org.apache.spark.sql.SparkSession;
import org.lambdamusic.batch.BatchJob;
import org.lambdamusic.batch.SparkSessions;
import org.lambdamusic.batch.StageLog;
import org.lambdamusic.batch.cli.JobOptions;
import org.lambdamusic.batch.interactions.ArchiveSource;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.listener.BatchViewFiles;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.model.Sha256;

/**
 * Times the batch-view computation alone on an archive (the SYNTHETIC one of {@link
 * SyntheticArchive}): the job's own Spark session ({@link SparkSessions#start}, same settings,
 * {@code SPARK_MASTER} or local[*]) and the job's own call ({@link BatchJob#batchViews}: scan,
 * watermark, fold, assemble), then the two view files encoded as {@code ModelWriter} does ({@link
 * BatchViewFiles}) and checked as {@code ModelReader} does ({@link BatchViewFiles#problem}). Prints
 * one {@code stage=} line per step (the job's format), the figures and the sha256 of the view
 * files, which must be the same in every run on the same archive. Usage: {@code BatchViewsBench
 * <archive dir|uri> [rounds=1]}; rounds after the first run in the same JVM (warm).
 */
public final class BatchViewsBench {
    private BatchViewsBench() {}

    public static void main(String[] args) {
        ArchiveSource source = ArchiveSource.parse(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        FeedbackSettings feedback = FeedbackSettings.fromEnvironment();
        StageLog stages = new StageLog();
        ObjectStoreSettings store = ObjectStoreSettings.fromEnvironment();
        SparkSession spark =
                SparkSessions.start(
                        System.getenv().getOrDefault("SPARK_MASTER", JobOptions.DEFAULT_MASTER),
                        store);
        stages.end("spark_start", 0, 0);
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            BatchViews views = BatchJob.batchViews(spark, source, feedback, store, stages);
            long computed = System.nanoTime();
            long cpu1 = processCpuNanos();
            byte[] listeners = BatchViewFiles.writeListeners(views.listeners());
            byte[] tracks = BatchViewFiles.writeTrackScores(views.tracks());
            String problem = BatchViewFiles.problem(views);
            long encoded = System.nanoTime();
            stages.end(
                    "encode_views",
                    views.listeners().size(),
                    listeners.length + tracks.length,
                    "problem=" + problem);
            InteractionsInfo i = views.info();
            double seconds = (computed - t0) / 1e9;
            System.out.printf(
                    "round=%d batch_views_s=%.2f encode_views_s=%.2f lines=%d events=%d"
                            + " lines_per_s=%.0f events_per_s=%.0f listeners=%d tracks=%d"
                            + " watermark=%s duplicates=%d rejected=%d beyond_watermark=%d"
                            + " unpositioned=%d listeners_bytes=%d track_scores_bytes=%d"
                            + " listeners_sha256=%s track_scores_sha256=%s heap_peak_mb=%d"
                            + " gc_s=%.1f cpu_s=%.1f cpu_us_per_event=%.2f%n",
                    round,
                    seconds,
                    (encoded - computed) / 1e9,
                    i.linesRead(),
                    i.events(),
                    i.linesRead() / seconds,
                    i.events() / seconds,
                    i.listeners(),
                    i.tracks(),
                    i.watermark().offsets(),
                    i.duplicates(),
                    i.rejected(),
                    i.beyondWatermark(),
                    i.unpositioned(),
                    listeners.length,
                    tracks.length,
                    Sha256.hex(listeners),
                    Sha256.hex(tracks),
                    heapPeakMb(),
                    gcSeconds(),
                    (cpu1 - cpu0) / 1e9,
                    (cpu1 - cpu0) / 1e3 / Math.max(1, i.events()));
            if (problem != null) {
                throw new IllegalStateException("views do not add up: " + problem);
            }
        }
        spark.stop();
        System.out.printf("stage=done total_ms=%d%n", stages.elapsedMs());
    }

    /** CPU time of this JVM, all threads (Spark's local executor threads included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Time in garbage collection since the JVM started, all collectors. */
    private static double gcSeconds() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms / 1000.0;
    }

    private static long heapPeakMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }
}
