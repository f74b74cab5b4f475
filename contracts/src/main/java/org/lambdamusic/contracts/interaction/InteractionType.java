package org.lambdamusic.contracts.interaction;

import java.util.Optional;

/**
 * What a listener did with a track. How much each counts is configuration ({@link
 * org.lambdamusic.contracts.config.FeedbackSettings}), not part of the type.
 */
public enum InteractionType {
    PLAY("play"),
    LIKE("like"),
    SKIP("skip");

    private final String wireName;

    InteractionType(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in event JSON and the REST API. */
    public String wireName() {
        return wireName;
    }

    /** Parses the wire name exactly (lower case); anything else is not an interaction type. */
    public static Optional<InteractionType> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value) {
            case "play" -> Optional.of(PLAY);
            case "like" -> Optional.of(LIKE);
            case "skip" -> Optional.of(SKIP);
            default -> Optional.empty();
        };
    }
}
