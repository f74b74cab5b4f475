package org.lambdamusic.speed.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the state to resume from: the newest completed checkpoint ({@code
 * checkpoints/<job>/chk-<n>/_metadata}) or savepoint ({@code savepoints/savepoint-*}/_metadata). A
 * checkpoint directory without {@code _metadata} was interrupted and is never chosen.
 */
public final class CheckpointLocator {
    private CheckpointLocator() {}

    /** A completed snapshot directory and when its metadata was written. */
    public record Snapshot(Path dir, FileTime completedAt) {}

    public static Optional<Snapshot> latest(Path checkpointDir, Path savepointDir) {
        List<Snapshot> found = new ArrayList<>();
        // checkpoints/<job id>/chk-<n>/_metadata
        for (Path job : children(checkpointDir)) {
            for (Path chk : children(job)) {
                if (chk.getFileName().toString().startsWith("chk-")) {
                    completed(chk).ifPresent(found::add);
                }
            }
        }
        for (Path savepoint : children(savepointDir)) {
            if (savepoint.getFileName().toString().startsWith("savepoint-")) {
                completed(savepoint).ifPresent(found::add);
            }
        }
        return found.stream()
                .max(
                        Comparator.comparing(Snapshot::completedAt)
                                .thenComparing(s -> chkNumber(s.dir())));
    }

    /**
     * Deletes snapshots superseded by {@code kept} (older jobs' checkpoint folders, older
     * savepoints) so the state folder does not grow with every restart. The kept one stays: the new
     * job restores from it and replaces it with its own first checkpoint.
     */
    public static void pruneOlderThan(Snapshot kept, Path checkpointDir, Path savepointDir) {
        for (Path job : children(checkpointDir)) {
            if (!kept.dir().startsWith(job) && newest(job).compareTo(kept.completedAt()) <= 0) {
                deleteRecursively(job);
            }
        }
        for (Path savepoint : children(savepointDir)) {
            if (!kept.dir().equals(savepoint)
                    && newest(savepoint).compareTo(kept.completedAt()) <= 0) {
                deleteRecursively(savepoint);
            }
        }
    }

    private static Optional<Snapshot> completed(Path dir) {
        Path metadata = dir.resolve("_metadata");
        try {
            return Files.isRegularFile(metadata)
                    ? Optional.of(new Snapshot(dir, Files.getLastModifiedTime(metadata)))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static FileTime newest(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(CheckpointLocator::modified)
                    .max(Comparator.naturalOrder())
                    .orElse(FileTime.fromMillis(0));
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MAX_VALUE);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MAX_VALUE);
        }
    }

    private static long chkNumber(Path dir) {
        String name = dir.getFileName().toString();
        try {
            return name.startsWith("chk-") ? Long.parseLong(name.substring(4)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    // Best effort: a leftover folder is only disk space.
                                }
                            });
        } catch (IOException e) {
            // Best effort, as above.
        }
    }
}
