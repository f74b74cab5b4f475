package org.lambdamusic.serving.model;

/** A model version failed a check (manifest, size, sha256, shape, content); it is never served. */
public class ModelRejectedException extends Exception {
    public ModelRejectedException(String reason) {
        super(reason);
    }
}
