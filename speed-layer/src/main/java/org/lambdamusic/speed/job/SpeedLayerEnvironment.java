package org.lambdamusic.speed.job;

import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.FileSystem;
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

    private SpeedLayerEnvironment() {}

    /**
     * The environment for {@code settings}, resuming from {@code restore} when present. Also points
     * Flink's file systems at the object store: the local MiniCluster runs in this JVM, and the S3
     * file system found on the classpath reads its settings from here (a real cluster configures
     * {@code s3.*} in its own config.yaml instead).
     */
    public static StreamExecutionEnvironment create(
            SpeedSettings settings, Optional<CheckpointLocator.Snapshot> restore) {
        Configuration config = configuration(settings, restore);
        FileSystem.initialize(config, null);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(settings.parallelism());
        env.enableCheckpointing(settings.checkpointIntervalMs(), CheckpointingMode.EXACTLY_ONCE);
        return env;
    }

    private static Configuration configuration(
            SpeedSettings settings, Optional<CheckpointLocator.Snapshot> restore) {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        // Chained operators hand records on without a defensive copy. Safe here: every record
        // type on the stream is immutable (records, byte[] payloads never written to after the
        // source) and no function keeps a reference to an input it could see change.
        config.set(PipelineOptions.OBJECT_REUSE, true);
        // No silent Kryo fallback: a type without a Flink serializer fails the job at start.
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                settings.checkpointDir().toUri().toString());
        config.set(
                CheckpointingOptions.SAVEPOINT_DIRECTORY,
                settings.savepointDir().toUri().toString());
        config.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        config.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, RETAINED_CHECKPOINTS);
        restore.ifPresent(
                snapshot ->
                        config.set(
                                StateRecoveryOptions.SAVEPOINT_PATH,
                                snapshot.dir().toUri().toString()));
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
}
