package org.lambdamusic.batch.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.contracts.model.ArtifactLayout;

/**
 * The S3 layout in a local directory ({@code file://} outputs). Each object is written to a
 * temporary name and renamed, so LATEST is replaced atomically as on S3.
 */
final class DirectoryModelStore implements ModelStore {
    private final Path base;
    private final ArtifactLayout layout = new ArtifactLayout("");

    DirectoryModelStore(Path base) {
        this.base = base;
    }

    @Override
    public ArtifactLayout layout() {
        return layout;
    }

    @Override
    public void checkReachable() {
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new BatchJobException("cannot create output directory " + base + ": " + e);
        }
        if (!Files.isWritable(base)) {
            throw new BatchJobException("output directory is not writable: " + base);
        }
    }

    @Override
    public void put(String key, byte[] bytes) {
        Path target = base.resolve(key);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long size(String key) {
        try {
            Path path = base.resolve(key);
            return Files.isRegularFile(path) ? Files.size(path) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        Path path = base.resolve(key);
        try {
            return Files.isRegularFile(path)
                    ? Optional.of(Files.readAllBytes(path))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> versionIds() {
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(base)) {
            List<String> ids = new ArrayList<>();
            children.filter(Files::isDirectory).forEach(p -> ids.add(p.getFileName().toString()));
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deleteVersion(String version) {
        Path dir = base.resolve(version);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {}
}
