package org.lambdamusic.contracts.model;

/** A model version (or a file of one) that breaks the contract; the message is one line. */
public class ModelFormatException extends Exception {
    public ModelFormatException(String reason) {
        super(reason);
    }
}
