package org.lambdamusic.speed.job;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Finds the state to resume from: the newest completed checkpoint ({@code
 * checkpoints/<job>/chk-<n>/_metadata}) or savepoint ({@code savepoints/savepoint-*}/_metadata). A
 * checkpoint directory without {@code _metadata} was interrupted and is never chosen.
 *
 * <p>Goes through Flink's own {@link FileSystem}, the one the job writes its snapshots with, so the
 * same code reads a local folder ({@code file://}) and the object store ({@code s3://}, where a
 * folder is a key prefix and a snapshot's time is its {@code _metadata} object's modification
 * time). For {@code s3://} Flink's file systems must be initialized with the {@code s3.*} settings
 * first ({@link SpeedLayerEnvironment#initializeFileSystems}).
 */
public final class CheckpointLocator {
    private static final String METADATA = "_metadata";

    private CheckpointLocator() {}

    /**
     * A completed snapshot directory and when its metadata was written (epoch ms, as the file
     * system reports it).
     */
    public record Snapshot(Path dir, long completedAt) {}

    public static Optional<Snapshot> latest(Path checkpointDir, Path savepointDir) {
        List<Snapshot> found = new ArrayList<>();
        // checkpoints/<job id>/chk-<n>/_metadata
        for (Path job : children(checkpointDir)) {
            for (Path chk : children(job)) {
                if (chk.getName().startsWith("chk-")) {
                    completed(chk).ifPresent(found::add);
                }
            }
        }
        for (Path savepoint : children(savepointDir)) {
            if (savepoint.getName().startsWith("savepoint-")) {
                completed(savepoint).ifPresent(found::add);
            }
        }
        return found.stream()
                .max(
                        Comparator.comparingLong(Snapshot::completedAt)
                                .thenComparingLong(s -> chkNumber(s.dir())));
    }

    /**
     * Deletes snapshots superseded by {@code kept} (older jobs' checkpoint folders, older
     * savepoints) so the state does not grow with every restart. The kept one stays: the new job
     * restores from it and replaces it with its own first checkpoint.
     */
    public static void pruneOlderThan(Snapshot kept, Path checkpointDir, Path savepointDir) {
        String keptPath = kept.dir().toUri().getPath();
        for (Path job : children(checkpointDir)) {
            if (!keptPath.startsWith(job.toUri().getPath() + "/")
                    && newest(job) <= kept.completedAt()) {
                delete(job);
            }
        }
        for (Path savepoint : children(savepointDir)) {
            if (!keptPath.equals(savepoint.toUri().getPath())
                    && newest(savepoint) <= kept.completedAt()) {
                delete(savepoint);
            }
        }
    }

    /**
     * Deletes everything under {@code stateRoot} (checkpoints and savepoints): what {@code
     * ./pipeline reset speed} does, for a local folder and an object store prefix alike.
     *
     * @return whether there was something to delete
     */
    public static boolean deleteAll(Path stateRoot) throws IOException {
        FileSystem fs = stateRoot.getFileSystem();
        if (!fs.exists(stateRoot)) {
            return false;
        }
        if (!fs.delete(stateRoot, true)) {
            throw new IOException("could not delete " + stateRoot);
        }
        return true;
    }

    private static Optional<Snapshot> completed(Path dir) {
        Path metadata = new Path(dir, METADATA);
        try {
            FileStatus status = metadata.getFileSystem().getFileStatus(metadata);
            return status.isDir()
                    ? Optional.empty()
                    : Optional.of(new Snapshot(dir, status.getModificationTime()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The newest modification time of {@code dir} and everything below it. Locally the folders
     * count too (as before the object store: a job that has created its folders but not written a
     * file yet is newer than {@code kept}); on the object store only the objects do, as a folder
     * there is a key prefix and S3A reports the time of the listing for it.
     */
    private static long newest(Path dir) {
        try {
            FileSystem fs = dir.getFileSystem();
            boolean foldersCount = !fs.isDistributedFS();
            long newest = foldersCount ? fs.getFileStatus(dir).getModificationTime() : 0;
            List<Path> pending = new ArrayList<>(List.of(dir));
            while (!pending.isEmpty()) {
                for (FileStatus status : list(fs, pending.remove(pending.size() - 1))) {
                    if (status.isDir()) {
                        pending.add(status.getPath());
                    }
                    if (foldersCount || !status.isDir()) {
                        newest = Math.max(newest, status.getModificationTime());
                    }
                }
            }
            return newest;
        } catch (IOException e) {
            return Long.MAX_VALUE; // unreadable: keep it
        }
    }

    private static long chkNumber(Path dir) {
        String name = dir.getName();
        try {
            return name.startsWith("chk-") ? Long.parseLong(name.substring(4)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<Path> children(Path dir) {
        try {
            List<Path> dirs = new ArrayList<>();
            for (FileStatus status : list(dir.getFileSystem(), dir)) {
                if (status.isDir()) {
                    dirs.add(status.getPath());
                }
            }
            return dirs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The entries of {@code dir}; none when it does not exist. */
    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        try {
            FileStatus[] statuses = fs.listStatus(dir);
            return statuses == null ? new FileStatus[0] : statuses;
        } catch (FileNotFoundException e) {
            return new FileStatus[0];
        }
    }

    private static void delete(Path dir) {
        try {
            dir.getFileSystem().delete(dir, true);
        } catch (IOException e) {
            // Best effort: a leftover folder is only storage.
        }
    }
}
