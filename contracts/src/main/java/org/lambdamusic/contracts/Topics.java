package org.lambdamusic.contracts;

import java.util.List;
import java.util.Map;

/** The Kafka topics every layer agrees on, with the settings they are created with. */
public final class Topics {
    public static final String USER_INTERACTIONS = "user-interactions";
    public static final String USER_INTERACTIONS_DLQ = "user-interactions-dlq";
    public static final String USER_PROFILES = "user-profiles";
    public static final String TRENDING_TRACKS = "trending-tracks";

    /** The single key under which the current trending view is upserted. */
    public static final String TRENDING_KEY = "global";

    private static final long SEVEN_DAYS_MS = 7L * 24 * 60 * 60 * 1000;

    /** A topic and the configuration it is created with. */
    public record TopicSpec(String name, int partitions, Map<String, String> config) {}

    /** All topics, in creation order. Creation is idempotent: existing topics are left alone. */
    public static final List<TopicSpec> ALL =
            List.of(
                    new TopicSpec(
                            USER_INTERACTIONS,
                            3,
                            Map.of(
                                    "retention.ms",
                                    Long.toString(SEVEN_DAYS_MS),
                                    "cleanup.policy",
                                    "delete")),
                    new TopicSpec(
                            USER_INTERACTIONS_DLQ,
                            1,
                            Map.of(
                                    "retention.ms",
                                    Long.toString(SEVEN_DAYS_MS),
                                    "cleanup.policy",
                                    "delete")),
                    new TopicSpec(USER_PROFILES, 3, Map.of("cleanup.policy", "compact")),
                    new TopicSpec(TRENDING_TRACKS, 1, Map.of("cleanup.policy", "compact")));

    private Topics() {}
}
