package org.lambdamusic.contracts.interaction;

/** An event that cannot be accepted; the message is the reason written to the dead-letter topic. */
public class InvalidEventException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String reason) {
        super(reason, null, false, false);
    }
}
