package org.lambdamusic.contracts.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@link ModelReader} finds the files of one version: an S3 prefix in the serving layer, a
 * directory, or the bytes the batch job is about to publish.
 */
@FunctionalInterface
public interface ArtifactSource {

    /**
     * Opens one file of the version ({@code manifest.json}, {@code tracks.csv.gz}, ...); the caller
     * closes the stream.
     *
     * @throws NoSuchFileException when the version has no such file
     */
    InputStream open(String fileName) throws IOException;

    /** Files held in memory; {@code files} must include {@code manifest.json}. */
    static ArtifactSource of(Map<String, byte[]> files) {
        return name -> {
            byte[] bytes = files.get(name);
            if (bytes == null) {
                throw new NoSuchFileException(name);
            }
            return new ByteArrayInputStream(bytes);
        };
    }

    /** A version directory in the {@link ArtifactLayout} (a {@code file://} output). */
    static ArtifactSource directory(Path versionDir) {
        return name -> Files.newInputStream(versionDir.resolve(name));
    }
}
