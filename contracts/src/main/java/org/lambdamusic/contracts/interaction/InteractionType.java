package org.lambdamusic.contracts.interaction;

import java.util.Optional;

/** What a listener did with a track, and how much it counts towards trending. */
public enum InteractionType {
    PLAY("play", 1),
    LIKE("like", 3),
    SKIP("skip", -1);

    private final String wireName;
    private final int weight;

    InteractionType(String wireName, int weight) {
        this.wireName = wireName;
        this.weight = weight;
    }

    /** The lower-case name used in event JSON and the REST API. */
    public String wireName() {
        return wireName;
    }

    /** Trending weight: play = 1, like = 3, skip = -1 (ARCHITECTURE.md, speed layer contract). */
    public int weight() {
        return weight;
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
