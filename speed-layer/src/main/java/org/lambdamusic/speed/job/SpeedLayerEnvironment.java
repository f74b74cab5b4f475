package org.lambdamusic.speed.job;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.lambdamusic.contracts.config.ObjectStoreSettings;

/**
 * The Flink environment the speed layer runs in: state backend, checkpoints and where they go, the
 * snapshot to restore, object reuse, no Kryo, parallelism, S3 settings. {@code SpeedLayerMain} (and
 * so the benchmark) gets its environment only from {@link #create}, and so does {@code
 * SpeedLayerJobTypesTest}: what the test asserts is what the job runs with.
 */
public final class SpeedLayerEnvironment {
    private static final int RETAINED_CHECKPOINTS = 2;

    /**
     * {@code host:port} of a Flink session cluster's REST endpoint: the job is submitted there
     * (with the jar this class comes from, or {@code SPEED_FLINK_JAR}) instead of running on a
     * MiniCluster in this JVM. The cluster must have the job's dependencies on its classpath
     * (cluster mode of ./pipeline runs it from the speed layer's own dependency jars) and its own
     * {@code s3.*} settings; checkpoints and savepoints go to {@code SPEED_STATE_PATH}, which every
     * node and this client must reach: the object store, or a local directory on one host.
     */
    public static final String FLINK_REST = "SPEED_FLINK_REST";

    /** The job jar shipped to a session cluster; default: the jar holding this class. */
    public static final String FLINK_JAR = "SPEED_FLINK_JAR";

    /**
     * Where every listener of the embedded MiniCluster binds: its REST endpoint, BLOB server, RPC
     * and data ports (random ports). Loopback only, as nothing outside this JVM needs them, and
     * Flink's default for each is every interface. A session cluster binds where its own
     * config.yaml says (jobmanager.bind-host, taskmanager.bind-host, rest.bind-address).
     */
    public static final String LOCAL_BIND_ADDRESS = "127.0.0.1";

    private SpeedLayerEnvironment() {}

    /**
     * The environment for {@code settings}, resuming from {@code restore} when present. Also points
     * Flink's file systems at the object store: the local MiniCluster runs in this JVM, and the S3
     * file system found on the classpath reads its settings from here (a real cluster configures
     * {@code s3.*} in its own config.yaml instead).
     */
    public static StreamExecutionEnvironment create(
            SpeedSettings settings, Optional<CheckpointLocator.Snapshot> restore) {
        return create(settings, restore, System.getenv());
    }

    static StreamExecutionEnvironment create(
            SpeedSettings settings,
            Optional<CheckpointLocator.Snapshot> restore,
            Map<String, String> env) {
        Configuration config = configuration(settings, restore);
        FileSystem.initialize(config, null);
        String rest = env.get(FLINK_REST);
        boolean local = rest == null || rest.isBlank();
        if (local) {
            loopbackOnly(config);
        }
        StreamExecutionEnvironment flink =
                local
                        ? StreamExecutionEnvironment.getExecutionEnvironment(config)
                        : remote(rest.trim(), config, env.get(FLINK_JAR));
        return configure(flink, settings);
    }

    /**
     * Binds every listener a MiniCluster opens to {@link #LOCAL_BIND_ADDRESS}: the BLOB server
     * follows jobmanager.bind-host, the TaskManager's RPC and data (shuffle) ports
     * taskmanager.bind-host, the REST endpoint rest.bind-address; the addresses the components give
     * each other are the same loopback address.
     */
    static void loopbackOnly(Configuration config) {
        config.set(RestOptions.BIND_ADDRESS, LOCAL_BIND_ADDRESS);
        config.set(RestOptions.ADDRESS, LOCAL_BIND_ADDRESS);
        config.set(JobManagerOptions.BIND_HOST, LOCAL_BIND_ADDRESS);
        config.set(JobManagerOptions.ADDRESS, LOCAL_BIND_ADDRESS);
        config.set(TaskManagerOptions.BIND_HOST, LOCAL_BIND_ADDRESS);
        config.set(TaskManagerOptions.HOST, LOCAL_BIND_ADDRESS);
    }

    /**
     * Points Flink's file systems in this JVM at the object store (the {@code s3.*} settings from
     * the {@code S3_*} variables), so the client can look for a snapshot to restore under an {@code
     * s3://} {@code SPEED_STATE_PATH} before the environment exists ({@link #create} does it too).
     */
    public static void initializeFileSystems(SpeedSettings settings) {
        FileSystem.initialize(fileSystemConfiguration(settings), null);
    }

    private static Configuration fileSystemConfiguration(SpeedSettings settings) {
        Configuration config = new Configuration();
        ObjectStoreSettings s3 = settings.objectStore();
        if (s3.hasCustomEndpoint()) {
            config.setString("s3.endpoint", s3.endpoint());
            config.setString("s3.path.style.access", "true");
        }
        config.setString("s3.endpoint.region", s3.region());
        config.setString("s3.access-key", s3.accessKey());
        config.setString("s3.secret-key", s3.secretKey());
        return config;
    }

    private static StreamExecutionEnvironment remote(
            String rest, Configuration config, String jar) {
        int colon = rest.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(FLINK_REST + " must be host:port, got " + rest);
        }
        String host = rest.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FLINK_REST + " must be host:port, got " + rest);
        }
        String jobJar = jar == null || jar.isBlank() ? ownJar() : jar;
        return StreamExecutionEnvironment.createRemoteEnvironment(host, port, config, jobJar);
    }

    private static String ownJar() {
        try {
            Path source =
                    Path.of(
                            SpeedLayerEnvironment.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            if (!source.toString().endsWith(".jar")) {
                throw new IllegalArgumentException(
                        FLINK_REST
                                + " submits the job jar, but the job runs from "
                                + source
                                + ": set "
                                + FLINK_JAR);
            }
            return source.toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StreamExecutionEnvironment configure(
            StreamExecutionEnvironment env, SpeedSettings settings) {
        env.setParallelism(settings.parallelism());
        env.enableCheckpointing(settings.checkpointIntervalMs(), CheckpointingMode.EXACTLY_ONCE);
        return env;
    }

    /** The name of the job's Prometheus reporter in Flink's configuration. */
    static final String METRICS_REPORTER = "prom";

    /**
     * Flink's own metrics (records in and out per operator, back pressure, checkpoint duration and
     * size, the Kafka source's lag as {@code pendingRecords}) on a Prometheus endpoint on
     * 127.0.0.1, at the first free port of {@code SPEED_METRICS_PORT}; none when it is {@code off}.
     * It applies to the MiniCluster this JVM runs; a session cluster reports from its own
     * config.yaml (cluster mode writes the same reporter there).
     */
    static void metrics(Configuration config, String port) {
        if ("off".equals(port)) {
            return;
        }
        String prefix = "metrics.reporter." + METRICS_REPORTER + ".";
        config.setString(
                prefix + "factory.class", LoopbackPrometheusReporterFactory.class.getName());
        config.setString(prefix + LoopbackPrometheusReporterFactory.HOST, LOCAL_BIND_ADDRESS);
        config.setString(prefix + LoopbackPrometheusReporterFactory.PORT, port);
    }

    private static Configuration configuration(
            SpeedSettings settings, Optional<CheckpointLocator.Snapshot> restore) {
        Configuration config = fileSystemConfiguration(settings);
        config.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        // Chained operators hand records on without a defensive copy. Safe here: every record
        // type on the stream is immutable (records, byte[] payloads never written to after the
        // source) and no function keeps a reference to an input it could see change.
        config.set(PipelineOptions.OBJECT_REUSE, true);
        // No silent Kryo fallback: a type without a Flink serializer fails the job at start.
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointPath().toString());
        config.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, settings.savepointPath().toString());
        config.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        config.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, RETAINED_CHECKPOINTS);
        restore.ifPresent(
                snapshot ->
                        config.set(StateRecoveryOptions.SAVEPOINT_PATH, snapshot.dir().toString()));
        metrics(config, settings.metricsPort());
        return config;
    }
}
