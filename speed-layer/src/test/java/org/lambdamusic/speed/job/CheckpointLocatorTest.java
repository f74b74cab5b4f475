package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLocatorTest {
    @TempDir Path state;

    @Test
    void findsNothingInAnEmptyFolder() {
        assertThat(CheckpointLocator.latest(state.resolve("c"), state.resolve("s"))).isEmpty();
    }

    @Test
    void picksTheNewestCompletedSnapshotAndSkipsUnfinishedOnes() throws Exception {
        Path old = metadata(state.resolve("c/job1/chk-7"), 1_000);
        Path newer = metadata(state.resolve("c/job2/chk-3"), 2_000);
        Files.createDirectories(state.resolve("c/job2/chk-4")); // interrupted: no _metadata
        metadata(state.resolve("s/savepoint-abc"), 1_500);

        var latest = CheckpointLocator.latest(state.resolve("c"), state.resolve("s"));

        assertThat(latest).get().extracting(CheckpointLocator.Snapshot::dir).isEqualTo(newer);

        CheckpointLocator.pruneOlderThan(latest.get(), state.resolve("c"), state.resolve("s"));
        assertThat(old).doesNotExist();
        assertThat(state.resolve("s/savepoint-abc")).doesNotExist();
        assertThat(newer).exists();
    }

    @Test
    void aSavepointNewerThanTheCheckpointsWins() throws Exception {
        metadata(state.resolve("c/job1/chk-7"), 1_000);
        Path savepoint = metadata(state.resolve("s/savepoint-abc"), 3_000);

        assertThat(CheckpointLocator.latest(state.resolve("c"), state.resolve("s")))
                .get()
                .extracting(CheckpointLocator.Snapshot::dir)
                .isEqualTo(savepoint);
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
