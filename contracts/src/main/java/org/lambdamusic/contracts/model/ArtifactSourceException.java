package org.lambdamusic.contracts.model;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@link ArtifactSource} failed while a version was read (connection lost, store unavailable):
 * says nothing about the version itself, so the reader should try again later rather than refuse
 * it. {@link ModelReader} keeps this apart from {@link ModelFormatException}.
 */
public class ArtifactSourceException extends UncheckedIOException {
    public ArtifactSourceException(String message, IOException cause) {
        super(message, cause);
    }
}
