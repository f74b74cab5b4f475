package org.lambdamusic.speed.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.DatasetRef;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.contracts.model.RowCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the batch layer while a benchmark streams: a "batch run" covers what the speed job
 * has archived, which is what its consumer group committed (both happen on the job's checkpoints),
 * and publishes a model version whose manifest says so ({@code interactions.watermark} = the
 * committed offsets − 1), then points {@code LATEST} at it, as the batch job does (manifest first,
 * pointer last). Only the manifest: the speed job reads nothing else of a version. A run happens
 * every {@code everyEvents} newly covered events, or every {@code everyMillis}, whichever the
 * caller asks for (0 switches that trigger off).
 */
final class SimulatedBatchRuns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedBatchRuns.class);

    private final String bootstrap;
    private final String group;
    private final String modelsPath;
    private final long everyEvents;
    private final long everyMillis;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong published = new AtomicLong();
    private final java.util.List<Long> publishedAtNanos =
            java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final Thread thread;

    SimulatedBatchRuns(
            String bootstrap, String group, String modelsPath, long everyEvents, long everyMillis) {
        this.bootstrap = bootstrap;
        this.group = group;
        this.modelsPath = modelsPath;
        this.everyEvents = everyEvents;
        this.everyMillis = everyMillis;
        this.thread = new Thread(this::run, "bench-batch-runs");
        this.thread.setDaemon(true);
    }

    SimulatedBatchRuns start() {
        if (everyEvents > 0 || everyMillis > 0) {
            thread.start();
        }
        return this;
    }

    long published() {
        return published.get();
    }

    /** How many runs were published up to {@code nanoTime} ({@link System#nanoTime()}). */
    long publishedBy(long nanoTime) {
        synchronized (publishedAtNanos) {
            return publishedAtNanos.stream().filter(t -> t <= nanoTime).count();
        }
    }

    private void run() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            long coveredAtLastRun = 0;
            long lastRunAt = System.currentTimeMillis();
            while (running.get()) {
                Thread.sleep(500);
                Map<Integer, Long> watermark = new TreeMap<>();
                long covered = 0;
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                for (var e : committed.entrySet()) {
                    if (e.getKey().topic().equals(Topics.USER_INTERACTIONS)
                            && e.getValue() != null) {
                        watermark.put(e.getKey().partition(), e.getValue().offset() - 1);
                        covered += e.getValue().offset();
                    }
                }
                long now = System.currentTimeMillis();
                boolean byEvents = everyEvents > 0 && covered - coveredAtLastRun >= everyEvents;
                boolean byTime = everyMillis > 0 && now - lastRunAt >= everyMillis;
                if (!watermark.isEmpty() && covered > coveredAtLastRun && (byEvents || byTime)) {
                    String version = publish(new Watermark(watermark));
                    published.incrementAndGet();
                    publishedAtNanos.add(System.nanoTime());
                    LOG.info(
                            "bench batch run {} published version {} watermark {} ({} events"
                                    + " covered)",
                            published.get(),
                            version,
                            watermark,
                            covered);
                    coveredAtLastRun = covered;
                    lastRunAt = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("bench batch runs stopped", e);
        }
    }

    private String publish(Watermark watermark) throws IOException {
        String version = ModelVersion.newId(Instant.now());
        ModelManifest manifest =
                ModelManifest.header(
                                version,
                                Instant.now().toString(),
                                new DatasetRef("file:///bench.csv", "0".repeat(64)),
                                new RowCounts(1, Map.of(), 1, 1),
                                42,
                                "1",
                                Map.of())
                        .withInteractions(
                                new InteractionsInfo(
                                        "bench",
                                        Topics.USER_INTERACTIONS,
                                        watermark,
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
                                        Map.of(),
                                        50));
        write(
                new Path(new Path(modelsPath, version), ArtifactLayout.MANIFEST),
                ContractsJson.write(manifest));
        write(
                new Path(modelsPath, ArtifactLayout.LATEST),
                version.getBytes(StandardCharsets.UTF_8));
        return version;
    }

    private static void write(Path path, byte[] bytes) throws IOException {
        FileSystem fs = path.getFileSystem();
        try (OutputStream out = fs.create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
    }
}
