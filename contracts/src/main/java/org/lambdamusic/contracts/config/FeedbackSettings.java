package org.lambdamusic.contracts.config;

import java.util.Map;
import org.lambdamusic.contracts.interaction.InteractionType;

/**
 * How listeners' feedback counts, read by all three layers from the same environment variables so
 * the batch views, the speed layer's trending and the serving layer's scores never disagree. The
 * defaults are written only here.
 *
 * <table>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>FEEDBACK_PLAY_WEIGHT</td><td>1</td><td>score of a play (trending, all-time score)</td></tr>
 *   <tr><td>FEEDBACK_LIKE_WEIGHT</td><td>3</td><td>score of a like</td></tr>
 *   <tr><td>FEEDBACK_SKIP_WEIGHT</td><td>-1</td><td>score of a skip</td></tr>
 *   <tr><td>ARTIST_BOOST</td><td>1.2</td><td>similarity factor of a candidate by a liked artist</td></tr>
 *   <tr><td>HISTORY_SIZE</td><td>50</td><td>recent interactions kept per listener</td></tr>
 * </table>
 */
public record FeedbackSettings(
        int playWeight, int likeWeight, int skipWeight, double artistBoost, int historySize) {

    public static final int DEFAULT_PLAY_WEIGHT = 1;
    public static final int DEFAULT_LIKE_WEIGHT = 3;
    public static final int DEFAULT_SKIP_WEIGHT = -1;
    public static final double DEFAULT_ARTIST_BOOST = 1.2;
    public static final int DEFAULT_HISTORY_SIZE = 50;

    public static final FeedbackSettings DEFAULTS =
            new FeedbackSettings(
                    DEFAULT_PLAY_WEIGHT,
                    DEFAULT_LIKE_WEIGHT,
                    DEFAULT_SKIP_WEIGHT,
                    DEFAULT_ARTIST_BOOST,
                    DEFAULT_HISTORY_SIZE);

    public FeedbackSettings {
        if (!(artistBoost > 0) || Double.isInfinite(artistBoost)) {
            throw new IllegalArgumentException("ARTIST_BOOST must be a positive number");
        }
        if (historySize <= 0) {
            throw new IllegalArgumentException("HISTORY_SIZE must be > 0");
        }
    }

    public static FeedbackSettings fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * @throws IllegalArgumentException naming the variable when a value is not a number
     */
    public static FeedbackSettings from(Map<String, String> env) {
        return new FeedbackSettings(
                integer(env, "FEEDBACK_PLAY_WEIGHT", DEFAULT_PLAY_WEIGHT),
                integer(env, "FEEDBACK_LIKE_WEIGHT", DEFAULT_LIKE_WEIGHT),
                integer(env, "FEEDBACK_SKIP_WEIGHT", DEFAULT_SKIP_WEIGHT),
                decimal(env, "ARTIST_BOOST", DEFAULT_ARTIST_BOOST),
                integer(env, "HISTORY_SIZE", DEFAULT_HISTORY_SIZE));
    }

    public int weight(InteractionType type) {
        return switch (type) {
            case PLAY -> playWeight;
            case LIKE -> likeWeight;
            case SKIP -> skipWeight;
        };
    }

    /** plays × play weight + likes × like weight + skips × skip weight. */
    public long score(long plays, long likes, long skips) {
        return plays * playWeight + likes * likeWeight + skips * skipWeight;
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }

    private static double decimal(Map<String, String> env, String name, double fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
        }
    }
}
