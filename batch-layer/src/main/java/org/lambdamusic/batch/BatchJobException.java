package org.lambdamusic.batch;

/**
 * A failure the operator can act on: bad input, an unreachable object store, a model that failed
 * its checks. The message is one line and is printed as the job's last word before a non-zero exit.
 */
public class BatchJobException extends RuntimeException {
    public BatchJobException(String message) {
        super(message);
    }

    public BatchJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
