package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup on a local folder ({@code file://}); {@link CheckpointLocatorS3Test} on s3proxy. */
class CheckpointLocatorTest {
    @TempDir Path state;

    @Test
    void findsNothingInAnEmptyFolder() {
        assertThat(CheckpointLocator.latest(flink("c"), flink("s"))).isEmpty();
    }

    @Test
    void picksTheNewestCompletedSnapshotAndSkipsUnfinishedOnes() throws Exception {
        Path old = metadata(state.resolve("c/job1/chk-7"), 1_000);
        Path newer = metadata(state.resolve("c/job2/chk-3"), 2_000);
        Files.createDirectories(state.resolve("c/job2/chk-4")); // interrupted: no _metadata
        metadata(state.resolve("s/savepoint-abc"), 1_500);

        var latest = CheckpointLocator.latest(flink("c"), flink("s"));

        assertThat(latest)
                .get()
                .extracting(CheckpointLocator.Snapshot::dir)
                .isEqualTo(flink(newer));
        assertThat(latest.get().completedAt()).isEqualTo(2_000);

        CheckpointLocator.pruneOlderThan(latest.get(), flink("c"), flink("s"));
        assertThat(old).doesNotExist();
        assertThat(state.resolve("s/savepoint-abc")).doesNotExist();
        assertThat(newer).exists();
    }

    @Test
    void aSavepointNewerThanTheCheckpointsWins() throws Exception {
        metadata(state.resolve("c/job1/chk-7"), 1_000);
        Path savepoint = metadata(state.resolve("s/savepoint-abc"), 3_000);

        assertThat(CheckpointLocator.latest(flink("c"), flink("s")))
                .get()
                .extracting(CheckpointLocator.Snapshot::dir)
                .isEqualTo(flink(savepoint));
    }

    @Test
    void deleteAllRemovesTheWholeState() throws Exception {
        metadata(state.resolve("root/checkpoints/job1/chk-7"), 1_000);
        metadata(state.resolve("root/savepoints/savepoint-abc"), 1_000);

        assertThat(CheckpointLocator.deleteAll(flink("root"))).isTrue();
        assertThat(state.resolve("root")).doesNotExist();
        assertThat(CheckpointLocator.deleteAll(flink("root"))).isFalse();
    }

    private org.apache.flink.core.fs.Path flink(String relative) {
        return flink(state.resolve(relative));
    }

    private static org.apache.flink.core.fs.Path flink(Path local) {
        return new org.apache.flink.core.fs.Path("file", null, local.toString());
    }

    private static Path metadata(Path dir, long mtime) throws Exception {
        Files.createDirectories(dir);
        Path file = Files.writeString(dir.resolve("_metadata"), "x");
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
        Files.setLastModifiedTime(dir, FileTime.fromMillis(mtime));
        Files.setLastModifiedTime(dir.getParent(), FileTime.fromMillis(mtime));
        return dir;
    }
}
