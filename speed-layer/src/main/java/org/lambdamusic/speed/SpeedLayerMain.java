package org.lambdamusic.speed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.speed.archive.InteractionArchive;
import org.lambdamusic.speed.job.CheckpointLocator;
import org.lambdamusic.speed.job.KafkaEndpoints;
import org.lambdamusic.speed.job.SpeedLayerEnvironment;
import org.lambdamusic.speed.job.SpeedLayerJob;
import org.lambdamusic.speed.job.SpeedSettings;
import org.lambdamusic.speed.job.TopicBootstrap;
import org.lambdamusic.speed.job.WatermarkOffsets;
import org.lambdamusic.speed.served.ServedWatermark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the speed layer: on a local MiniCluster when started with {@code java -cp ...}, or on a
 * Flink cluster when the same jar is submitted with {@code flink run}. Configured by environment
 * variables (see {@link SpeedSettings}, speed-layer/README.md). Without a snapshot to restore it
 * starts after the served model's watermark ({@link ServedWatermark}, {@link WatermarkOffsets}).
 * Logs {@code speed layer running job_id=...} once the job runs; SIGTERM stops it with a savepoint;
 * a kill -9 resumes from the last completed checkpoint on the next start.
 */
public final class SpeedLayerMain {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedLayerMain.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WATERMARK_READ_TIMEOUT = Duration.ofSeconds(30);

    private SpeedLayerMain() {}

    public static void main(String[] args) throws Exception {
        SpeedSettings settings;
        try {
            settings = SpeedSettings.fromEnvironment();
        } catch (IllegalArgumentException e) {
            LOG.error("speed layer configuration error: {}", e.getMessage());
            System.exit(2);
            return;
        }
        JobClient job = start(settings);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> stop(job, settings), "speed-layer-stop"));
        job.getJobExecutionResult().get();
        LOG.info("speed layer finished job_id={}", job.getJobID());
    }

    /** Submits the job and returns once it is RUNNING (logging the line scripts wait for). */
    public static JobClient start(SpeedSettings settings) throws Exception {
        LOG.info(
                "speed layer starting kafka={} object_store={} state={} archive={} parallelism={}",
                settings.kafka().bootstrapServers(),
                settings.objectStore(),
                settings.statePath(),
                settings.archiveEnabled() ? settings.archivePath() : "off",
                settings.parallelism());
        if (settings.createTopics()) {
            TopicBootstrap.ensureTopics(settings.kafka().bootstrapServers());
        }
        // Flink's file systems (S3) first: the snapshots may be in the object store, and the
        // served watermark is read through them too.
        SpeedLayerEnvironment.initializeFileSystems(settings);
        for (Path dir : List.of(settings.checkpointPath(), settings.savepointPath())) {
            dir.getFileSystem().mkdirs(dir);
        }
        Optional<CheckpointLocator.Snapshot> restore =
                CheckpointLocator.latest(settings.checkpointPath(), settings.savepointPath());
        restore.ifPresent(
                snapshot ->
                        CheckpointLocator.pruneOlderThan(
                                snapshot, settings.checkpointPath(), settings.savepointPath()));

        StreamExecutionEnvironment env = SpeedLayerEnvironment.create(settings, restore);
        Start start =
                restore.isPresent()
                        ? new Start("checkpoint", OffsetsInitializer.earliest())
                        : startWithoutState(settings);

        String bootstrap = settings.kafka().bootstrapServers();
        new SpeedLayerJob(settings)
                .build(
                        env,
                        KafkaEndpoints.interactions(settings, start.offsets()),
                        new SpeedLayerJob.Sinks(
                                KafkaEndpoints.deadLetters(bootstrap),
                                KafkaEndpoints.profiles(bootstrap),
                                KafkaEndpoints.trending(bootstrap),
                                settings.archiveEnabled()
                                        ? InteractionArchive.sink(settings.archivePath())
                                        : null));
        JobClient job = env.executeAsync("speed-layer");
        try {
            awaitRunning(job);
        } catch (Exception e) {
            restore.ifPresent(
                    snapshot ->
                            LOG.error(
                                    "speed layer could not start from {} ({}); if the state format changed (see speed-layer/README.md, Upgrading state), run ./pipeline reset speed (or delete {}): the job then starts again from the served model's watermark",
                                    display(snapshot.dir()),
                                    e.toString(),
                                    display(settings.statePath())));
            throw e;
        }
        LOG.info(
                "speed layer running job_id={} restored_from={} start_from={}",
                job.getJobID(),
                restore.map(s -> display(s.dir())).orElse("none"),
                start.description());
        return job;
    }

    /** A local path as a plain path (as the log always showed it), any other with its scheme. */
    static String display(Path path) {
        return "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : path.toString();
    }

    /** Where the source starts without restored state, and how to say so in the log. */
    record Start(String description, OffsetsInitializer offsets) {}

    /**
     * After the served version's watermark ({@code SPEED_START_FROM=watermark}, the default), or
     * from the earliest offsets when there is no model, the model has no batch views, the store
     * cannot be read, or {@code SPEED_START_FROM=earliest}. Starting earlier than needed is always
     * correct (the serving layer ignores speed events the batch view covers), only slower.
     */
    static Start startWithoutState(SpeedSettings settings) {
        if (settings.startFrom() == SpeedSettings.StartFrom.EARLIEST) {
            return new Start("earliest (SPEED_START_FROM=earliest)", OffsetsInitializer.earliest());
        }
        Optional<ServedWatermark> served;
        // On its own thread with a deadline: with the store down, the S3 client retries for
        // minutes, and a job that starts earlier than needed is still correct.
        FutureTask<Optional<ServedWatermark>> read =
                new FutureTask<>(() -> ServedWatermark.read(settings.modelsPath()));
        Thread reader = new Thread(read, "speed-layer-read-watermark");
        reader.setDaemon(true);
        reader.start();
        try {
            served = read.get(WATERMARK_READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            reader.interrupt();
            LOG.warn(
                    "speed layer cannot read the served model's watermark under {} ({}); reading from the earliest offsets",
                    settings.modelsPath(),
                    e instanceof ExecutionException ? e.getCause().toString() : e.toString());
            return new Start(
                    "earliest (watermark unreadable under " + settings.modelsPath() + ")",
                    OffsetsInitializer.earliest());
        }
        if (served.isEmpty()) {
            return new Start(
                    "earliest (no model under " + settings.modelsPath() + ")",
                    OffsetsInitializer.earliest());
        }
        ServedWatermark w = served.get();
        if (w.watermark().offsets().isEmpty()) {
            return new Start(
                    "earliest (model " + w.version() + " has no watermark)",
                    OffsetsInitializer.earliest());
        }
        String watermarkJson =
                new String(ContractsJson.write(w.watermark()), StandardCharsets.UTF_8);
        LOG.info(
                "speed layer starting after the watermark of model {}: {} (each partition at W+1, earliest where W has none)",
                w.version(),
                watermarkJson);
        return new Start(
                "watermark version=" + w.version() + " watermark=" + watermarkJson,
                new WatermarkOffsets(w.watermark()));
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            JobStatus status = job.getJobStatus().get(30, TimeUnit.SECONDS);
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws the cause
                throw new IllegalStateException("speed layer job ended as " + status);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "speed layer job not running after 2 min: " + status);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Graceful stop: a savepoint finalizes the archive's in-progress files and records the exact
     * position, so the next start resumes there. If it does not complete in time the retained
     * checkpoint is used instead, which is just as exact (views are upserts, archive files of the
     * unfinished checkpoint are rewritten).
     */
    static void stop(JobClient job, SpeedSettings settings) {
        try {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                return;
            }
            LOG.info("speed layer stopping job_id={} with a savepoint", job.getJobID());
            CompletableFuture<String> savepoint =
                    job.stopWithSavepoint(
                            false,
                            settings.savepointPath().toString(),
                            SavepointFormatType.CANONICAL);
            String path = savepoint.get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            LOG.info("speed layer stopped job_id={} savepoint={}", job.getJobID(), path);
        } catch (Exception e) {
            LOG.warn(
                    "speed layer stop without savepoint job_id={} ({}); the next start resumes from the last checkpoint",
                    job.getJobID(),
                    e.toString());
        }
    }
}
