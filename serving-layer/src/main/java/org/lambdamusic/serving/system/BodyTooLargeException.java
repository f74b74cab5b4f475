package org.lambdamusic.serving.system;

import java.io.IOException;

/** A request body went past the configured limit while being read (chunked uploads). */
public class BodyTooLargeException extends IOException {
    public BodyTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes");
    }
}
