package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.localstack.LocalObjectStore;

/**
 * The snapshot lookup, pruning and reset against a real S3 server (s3proxy from local-stack),
 * through Flink's S3 file system as the job uses it: folders are key prefixes, a snapshot's time is
 * its {@code _metadata} object's modification time.
 */
class CheckpointLocatorS3Test {
    @TempDir static java.nio.file.Path tmp;
    private static LocalObjectStore s3;
    private static String bucket;

    @BeforeAll
    static void startObjectStore() {
        s3 = LocalObjectStore.startOnFreePort(tmp);
        ObjectStoreSettings store = s3.settings();
        bucket = store.bucket();
        SpeedLayerEnvironment.initializeFileSystems(
                SpeedSettings.from(
                        Map.of(
                                "S3_ENDPOINT", store.endpoint(),
                                "S3_BUCKET", store.bucket(),
                                "S3_REGION", store.region(),
                                "S3_ACCESS_KEY", store.accessKey(),
                                "S3_SECRET_KEY", store.secretKey())));
    }

    @AfterAll
    static void stopObjectStore() {
        s3.close();
    }

    @Test
    void picksTheNewestCompletedSnapshotInTheObjectStoreAndPrunesOlderOnes() throws Exception {
        Path root = new Path("s3://" + bucket + "/lookup");
        Path checkpoints = new Path(root, "checkpoints");
        Path savepoints = new Path(root, "savepoints");
        assertThat(CheckpointLocator.latest(checkpoints, savepoints)).isEmpty();

        Path old = snapshot(root, "checkpoints/job1/chk-7", 1_000_000);
        write(new Path(root, "checkpoints/job1/shared/state-1"), 1_000_000);
        Path newer = snapshot(root, "checkpoints/job2/chk-3", 3_000_000);
        // Interrupted: state written, no _metadata (newer than every completed one).
        write(new Path(root, "checkpoints/job2/chk-4/state-1"), 4_000_000);
        Path savepoint = snapshot(root, "savepoints/savepoint-abc", 2_000_000);

        var latest = CheckpointLocator.latest(checkpoints, savepoints);

        assertThat(latest)
                .get()
                .extracting(s -> s.dir().toUri().getPath())
                .isEqualTo(newer.toUri().getPath());
        assertThat(latest.get().completedAt()).isEqualTo(3_000_000);
        assertThat(latest.get().dir().toUri().getScheme()).isEqualTo("s3");

        FileSystem fs = root.getFileSystem();
        CheckpointLocator.pruneOlderThan(latest.get(), checkpoints, savepoints);
        assertThat(fs.exists(new Path(old, "_metadata"))).isFalse();
        assertThat(fs.exists(new Path(root, "checkpoints/job1/shared/state-1"))).isFalse();
        assertThat(fs.exists(new Path(savepoint, "_metadata"))).isFalse();
        assertThat(fs.exists(new Path(newer, "_metadata"))).isTrue();
        assertThat(CheckpointLocator.latest(checkpoints, savepoints))
                .get()
                .extracting(s -> s.dir().toUri().getPath())
                .isEqualTo(newer.toUri().getPath());
    }

    @Test
    void aSavepointNewerThanTheCheckpointsWins() throws Exception {
        Path root = new Path("s3://" + bucket + "/savepoint-wins");
        snapshot(root, "checkpoints/job1/chk-7", 1_000_000);
        Path savepoint = snapshot(root, "savepoints/savepoint-abc", 2_000_000);

        assertThat(
                        CheckpointLocator.latest(
                                new Path(root, "checkpoints"), new Path(root, "savepoints")))
                .get()
                .extracting(s -> s.dir().toUri().getPath())
                .isEqualTo(savepoint.toUri().getPath());
    }

    @Test
    void deleteAllRemovesThePrefixAndNothingElseInTheBucket() throws Exception {
        Path root = new Path("s3://" + bucket + "/reset/speed");
        snapshot(root, "checkpoints/job1/chk-7", 1_000_000);
        snapshot(root, "savepoints/savepoint-abc", 1_000_000);
        Path neighbour = new Path("s3://" + bucket + "/reset/speed-other/keep");
        write(neighbour, 1_000_000);

        assertThat(CheckpointLocator.deleteAll(root)).isTrue();

        FileSystem fs = root.getFileSystem();
        assertThat(fs.exists(new Path(root, "checkpoints/job1/chk-7/_metadata"))).isFalse();
        assertThat(fs.exists(new Path(root, "savepoints/savepoint-abc/_metadata"))).isFalse();
        assertThat(fs.exists(neighbour)).isTrue();
        assertThat(
                        CheckpointLocator.latest(
                                new Path(root, "checkpoints"), new Path(root, "savepoints")))
                .isEmpty();
        assertThat(CheckpointLocator.deleteAll(root)).isFalse();
    }

    private static Path snapshot(Path root, String dir, long mtime) throws IOException {
        Path snapshot = new Path(root, dir);
        write(new Path(snapshot, "_metadata"), mtime);
        return snapshot;
    }

    /**
     * Writes an object through the S3 API, then dates it: s3proxy's file-system store reports a
     * file's modification time as the object's, so the order is the test's, not the clock's.
     */
    private static void write(Path object, long mtime) throws IOException {
        try (FSDataOutputStream out =
                object.getFileSystem().create(object, FileSystem.WriteMode.OVERWRITE)) {
            out.write("x".getBytes(StandardCharsets.UTF_8));
        }
        java.nio.file.Path file =
                tmp.resolve("s3").resolve(bucket).resolve(object.toUri().getPath().substring(1));
        assertThat(file).exists();
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
    }
}
