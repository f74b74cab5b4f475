package org.lambdamusic.batch.interactions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.batch.publish.S3Clients;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.interaction.ArchivedRecord;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.TrackScore;
import org.lambdamusic.contracts.listener.Watermark;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The batch views of a model version, computed with Spark from the interaction archive:
 *
 * <ol>
 *   <li><b>scan</b>: every line of every visible file under the archive (recursively; the speed
 *       layer's in-progress files are hidden {@code .part-*} files, which Spark skips), parsed with
 *       contracts' {@code ArchiveCodec}; per task, runs of consecutive offsets per partition
 *       ({@link ArchiveScan}); on the driver, the watermark W and the line counts;
 *   <li><b>fold</b>: the archive read again, the accepted events with offset &le; W[p] shuffled by
 *       user and sorted by (partition, offset) within it, each listener folded by {@link
 *       ListenerFolding} (repeated copies and redeliveries dropped, then contracts' {@code
 *       ListenerFold}), per-track counts summed per task;
 *   <li><b>assemble</b>, on the driver: listeners sorted by user id, tracks by track id (String
 *       order, as {@code BatchViewFiles} checks), scores under the weights, the manifest's {@code
 *       interactions}.
 * </ol>
 *
 * Reading the archive twice costs a second parse, but holds nothing in memory between the passes:
 * the watermark must be known before the first event can be kept or dropped. The result depends
 * only on the archive's lines, not on file order or task split, so a rerun gives the same bytes.
 */
public final class BatchViewBuilder {
    /** Accepted events per shuffle partition of the fold (each partition is sorted in memory). */
    static final long EVENTS_PER_FOLD_PARTITION = 500_000;

    private BatchViewBuilder() {}

    /** The views with how long each pass took, for the job's stage log and the benchmark. */
    public record Built(
            BatchViews views, long scanMs, long foldMs, long assembleMs, int foldPartitions) {}

    public static Built build(SparkSession spark, ArchiveSource source, FeedbackSettings feedback) {
        return build(spark, source, feedback, null);
    }

    /**
     * @param store the object store settings, used to look for an S3 archive through the AWS SDK
     *     first (null: Hadoop only)
     */
    public static Built build(
            SparkSession spark,
            ArchiveSource source,
            FeedbackSettings feedback,
            ObjectStoreSettings store) {
        long start = System.nanoTime();
        if (source.isNone() || !exists(spark, source, store)) {
            return new Built(empty(source, feedback), 0, 0, 0, 0);
        }
        Dataset<String> lines =
                spark.read().option("recursiveFileLookup", "true").textFile(source.hadoopPath());

        List<PositionRun> runs =
                lines.mapPartitions(
                                (MapPartitionsFunction<String, PositionRun>) ArchiveScan::scan,
                                Encoders.bean(PositionRun.class))
                        .collectAsList();
        ArchiveScan.Coverage coverage = ArchiveScan.coverage(runs);
        long scanned = System.nanoTime();

        int historySize = feedback.historySize();
        HashMap<Integer, Long> watermark = new HashMap<>(coverage.watermark().offsets());
        int partitions =
                (int)
                        Math.max(
                                spark.sparkContext().defaultParallelism(),
                                Math.min(
                                        10_000,
                                        (coverage.covered() + EVENTS_PER_FOLD_PARTITION - 1)
                                                / EVENTS_PER_FOLD_PARTITION));
        List<FoldPart> parts =
                coverage.covered() == 0
                        ? List.of()
                        : lines.mapPartitions(
                                        (MapPartitionsFunction<String, ArchiveEvent>)
                                                it -> covered(it, watermark),
                                        Encoders.bean(ArchiveEvent.class))
                                .repartition(partitions, col("userId"))
                                // The user id's hash first: Spark sorts on an 8-byte prefix of
                                // the first key, and user ids often share theirs ("user-...").
                                .sortWithinPartitions(
                                        xxhash64(col("userId")),
                                        col("userId"),
                                        col("partition"),
                                        col("offset"),
                                        col("eventId"),
                                        col("trackId"),
                                        col("type"),
                                        col("timestamp"))
                                .mapPartitions(
                                        (MapPartitionsFunction<ArchiveEvent, FoldPart>)
                                                it -> ListenerFolding.fold(it, historySize),
                                        Encoders.bean(FoldPart.class))
                                .collectAsList();
        long folded = System.nanoTime();

        BatchViews views = assemble(source, feedback, coverage, parts);
        long assembled = System.nanoTime();
        return new Built(
                views,
                (scanned - start) / 1_000_000,
                (folded - scanned) / 1_000_000,
                (assembled - folded) / 1_000_000,
                coverage.covered() == 0 ? 0 : partitions);
    }

    /**
     * The accepted events of one task's lines that the watermark covers, one at a time (a task's
     * split holds ~700,000 lines: buffering their events would hold them all on the heap).
     */
    private static Iterator<ArchiveEvent> covered(
            Iterator<String> lines, Map<Integer, Long> watermark) {
        return new Iterator<>() {
            private ArchiveEvent next = advance();

            private ArchiveEvent advance() {
                while (lines.hasNext()) {
                    ArchivedRecord record = ArchiveScan.parse(lines.next());
                    if (record != null && record.isPositioned() && record.isEvent()) {
                        Long w = watermark.get(record.partition());
                        if (w != null && record.offset() <= w) {
                            return ArchiveEvent.of(record);
                        }
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ArchiveEvent next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                ArchiveEvent current = next;
                next = advance();
                return current;
            }
        };
    }

    private static BatchViews assemble(
            ArchiveSource source,
            FeedbackSettings feedback,
            ArchiveScan.Coverage coverage,
            List<FoldPart> parts) {
        List<ListenerView> listeners = new ArrayList<>();
        Map<String, long[]> tracks = new TreeMap<>();
        long events = 0;
        long redeliveries = 0;
        long timeMin = Long.MAX_VALUE;
        long timeMax = Long.MIN_VALUE;
        for (FoldPart part : parts) {
            switch (part.getKind()) {
                case FoldPart.LISTENER -> listeners.add(listener(part));
                case FoldPart.TRACK -> {
                    long[] c = tracks.computeIfAbsent(part.getId(), t -> new long[3]);
                    c[0] += part.getPlays();
                    c[1] += part.getLikes();
                    c[2] += part.getSkips();
                }
                case FoldPart.TOTALS -> {
                    events += part.getEvents();
                    redeliveries += part.getRedeliveries();
                    timeMin = Math.min(timeMin, part.getTimeMin());
                    timeMax = Math.max(timeMax, part.getTimeMax());
                }
                default -> throw new IllegalStateException("fold part " + part.getKind());
            }
        }
        listeners.sort(Comparator.comparing(ListenerView::userId));
        List<TrackScore> scores = new ArrayList<>(tracks.size());
        for (Map.Entry<String, long[]> t : tracks.entrySet()) {
            long[] c = t.getValue();
            scores.add(
                    new TrackScore(t.getKey(), c[0], c[1], c[2], feedback.score(c[0], c[1], c[2])));
        }
        // Every offset up to W has a line; one that holds no accepted event holds only rejection
        // markers (the record went to the dead-letter topic).
        long eventOffsets = events + redeliveries;
        long rejected = coverage.coveredOffsets() - eventOffsets;
        if (rejected < 0) {
            throw new BatchJobException(
                    "the archive holds different events at the same partition and offset ("
                            + eventOffsets
                            + " event offsets in "
                            + coverage.coveredOffsets()
                            + " covered offsets)");
        }
        InteractionsInfo info =
                new InteractionsInfo(
                        source.uri(),
                        Topics.USER_INTERACTIONS,
                        coverage.watermark(),
                        coverage.linesRead(),
                        events,
                        coverage.covered() - coverage.coveredOffsets() + redeliveries,
                        rejected,
                        coverage.beyond(),
                        coverage.unpositioned(),
                        events == 0 ? null : timeMin,
                        events == 0 ? null : timeMax,
                        listeners.size(),
                        scores.size(),
                        weights(feedback),
                        feedback.historySize());
        return new BatchViews(info, listeners, scores);
    }

    /** No archive read ({@code none}: source null) or nothing in it: empty views. */
    static BatchViews empty(ArchiveSource source, FeedbackSettings feedback) {
        InteractionsInfo info =
                new InteractionsInfo(
                        source.uri(),
                        Topics.USER_INTERACTIONS,
                        Watermark.NONE,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        null,
                        null,
                        0,
                        0,
                        weights(feedback),
                        feedback.historySize());
        return new BatchViews(info, List.of(), List.of());
    }

    private static Map<String, Integer> weights(FeedbackSettings feedback) {
        return Map.of(
                "play", feedback.playWeight(),
                "like", feedback.likeWeight(),
                "skip", feedback.skipWeight());
    }

    private static ListenerView listener(FoldPart part) {
        try {
            return ContractsJson.read(part.getJson(), ListenerView.class);
        } catch (IOException e) {
            throw new IllegalStateException("listener view of " + part.getId(), e);
        }
    }

    private static boolean exists(
            SparkSession spark, ArchiveSource source, ObjectStoreSettings store) {
        if (store != null && source.isS3() && !hasObjects(store, source)) {
            return false;
        }
        Path path = new Path(source.hadoopPath());
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(path);
        } catch (IOException e) {
            throw new BatchJobException(
                    "cannot read the interaction archive " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether any object lies under an S3 archive's prefix, asked with the AWS SDK the job has
     * already loaded to publish: a missing archive (the first model, before the speed layer has
     * archived anything) then costs one LIST instead of starting Hadoop's s3a file system (0.8-2.2
     * s measured in a cold job JVM on this loaded machine). True when the SDK cannot tell, so s3a
     * decides.
     */
    private static boolean hasObjects(ObjectStoreSettings store, ArchiveSource source) {
        String prefix = source.prefix().isEmpty() ? "" : source.prefix() + "/";
        try (S3Client s3 = S3Clients.open(store)) {
            return s3.listObjectsV2(b -> b.bucket(source.bucket()).prefix(prefix).maxKeys(1))
                            .keyCount()
                    > 0;
        } catch (SdkException e) {
            return true;
        }
    }
}
