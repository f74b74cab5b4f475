package org.lambdamusic.speed.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.lambdamusic.contracts.config.KafkaSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;

/**
 * Every setting of the speed layer, read from environment variables. Each default is written once,
 * here; speed-layer/README.md lists them. Durations accept {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 7d} or ISO-8601 ({@code PT1H}).
 */
public record SpeedSettings(
        KafkaSettings kafka,
        ObjectStoreSettings objectStore,
        Path stateDir,
        long checkpointIntervalMs,
        int historySize,
        Duration trendingWindow,
        Duration trendingSlide,
        int trendingTopN,
        Duration maxOutOfOrderness,
        Duration sourceIdleTimeout,
        Duration maxFutureSkew,
        int maxEventBytes,
        Duration userStateTtl,
        Duration profileFlushInterval,
        Duration profileMaxFlushDelay,
        boolean archiveEnabled,
        String archivePath,
        String consumerGroup,
        boolean createTopics,
        int parallelism) {

    public static final String DEFAULT_STATE_DIR = "var/flink";
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;
    public static final int DEFAULT_HISTORY_SIZE = 50;
    public static final Duration DEFAULT_TRENDING_WINDOW = Duration.ofHours(1);
    public static final Duration DEFAULT_TRENDING_SLIDE = Duration.ofMinutes(1);
    public static final int DEFAULT_TRENDING_TOP_N = 50;
    public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SOURCE_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_EVENT_BYTES = 4096;
    public static final Duration DEFAULT_USER_STATE_TTL = Duration.ofDays(30);
    public static final Duration DEFAULT_PROFILE_FLUSH_INTERVAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_PROFILE_MAX_FLUSH_DELAY = Duration.ofSeconds(2);
    public static final String DEFAULT_CONSUMER_GROUP = "speed-layer";
    public static final int DEFAULT_PARALLELISM = 1;

    public SpeedSettings {
        require(checkpointIntervalMs >= 10, "SPEED_CHECKPOINT_INTERVAL_MS must be >= 10");
        require(historySize > 0, "SPEED_HISTORY_SIZE must be > 0");
        require(
                !trendingSlide.isNegative() && !trendingSlide.isZero(),
                "SPEED_TRENDING_SLIDE must be > 0");
        require(
                trendingWindow.compareTo(trendingSlide) >= 0,
                "SPEED_TRENDING_WINDOW must be >= SPEED_TRENDING_SLIDE");
        require(
                trendingWindow.toMillis() % trendingSlide.toMillis() == 0,
                "SPEED_TRENDING_WINDOW must be a whole number of SPEED_TRENDING_SLIDE");
        require(trendingTopN > 0, "SPEED_TRENDING_TOP_N must be > 0");
        require(maxEventBytes > 0, "SPEED_MAX_EVENT_BYTES must be > 0");
        require(!profileFlushInterval.isNegative(), "SPEED_PROFILE_FLUSH_INTERVAL must be >= 0");
        require(!profileMaxFlushDelay.isNegative(), "SPEED_PROFILE_MAX_FLUSH_DELAY must be >= 0");
        require(parallelism > 0, "FLINK_PARALLELISM must be > 0");
    }

    public static SpeedSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static SpeedSettings from(Map<String, String> env) {
        ObjectStoreSettings objectStore = ObjectStoreSettings.from(env);
        return new SpeedSettings(
                KafkaSettings.from(env),
                objectStore,
                Path.of(env.getOrDefault("SPEED_STATE_DIR", DEFAULT_STATE_DIR))
                        .toAbsolutePath()
                        .normalize(),
                longValue(env, "SPEED_CHECKPOINT_INTERVAL_MS", DEFAULT_CHECKPOINT_INTERVAL_MS),
                (int) longValue(env, "SPEED_HISTORY_SIZE", DEFAULT_HISTORY_SIZE),
                duration(env, "SPEED_TRENDING_WINDOW", DEFAULT_TRENDING_WINDOW),
                duration(env, "SPEED_TRENDING_SLIDE", DEFAULT_TRENDING_SLIDE),
                (int) longValue(env, "SPEED_TRENDING_TOP_N", DEFAULT_TRENDING_TOP_N),
                duration(env, "SPEED_MAX_OUT_OF_ORDERNESS", DEFAULT_MAX_OUT_OF_ORDERNESS),
                duration(env, "SPEED_SOURCE_IDLE_TIMEOUT", DEFAULT_SOURCE_IDLE_TIMEOUT),
                duration(env, "SPEED_MAX_FUTURE_SKEW", DEFAULT_MAX_FUTURE_SKEW),
                (int) longValue(env, "SPEED_MAX_EVENT_BYTES", DEFAULT_MAX_EVENT_BYTES),
                duration(env, "SPEED_USER_STATE_TTL", DEFAULT_USER_STATE_TTL),
                duration(env, "SPEED_PROFILE_FLUSH_INTERVAL", DEFAULT_PROFILE_FLUSH_INTERVAL),
                duration(env, "SPEED_PROFILE_MAX_FLUSH_DELAY", DEFAULT_PROFILE_MAX_FLUSH_DELAY),
                bool(env, "SPEED_ARCHIVE", true),
                env.getOrDefault(
                        "SPEED_ARCHIVE_PATH", "s3://" + objectStore.bucket() + "/interactions"),
                env.getOrDefault("SPEED_CONSUMER_GROUP", DEFAULT_CONSUMER_GROUP),
                bool(env, "SPEED_CREATE_TOPICS", true),
                (int) longValue(env, "FLINK_PARALLELISM", DEFAULT_PARALLELISM));
    }

    /** Where checkpoints go: {@code <stateDir>/checkpoints/<job id>/chk-<n>/_metadata}. */
    public Path checkpointDir() {
        return stateDir.resolve("checkpoints");
    }

    /** Where the savepoint taken on a graceful stop goes. */
    public Path savepointDir() {
        return stateDir.resolve("savepoints");
    }

    /** Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, or ISO-8601. */
    public static Duration parseDuration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        int split = 0;
        while (split < s.length() && (Character.isDigit(s.charAt(split)))) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("not a duration: '" + text + "'");
        }
        long amount = Long.parseLong(s.substring(0, split));
        return switch (s.substring(split).trim()) {
            case "ms" -> Duration.ofMillis(amount);
            case "s", "" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("not a duration: '" + text + "'");
        };
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parseDuration(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private static long longValue(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default ->
                    throw new IllegalArgumentException(
                            name + " must be true or false, got '" + value + "'");
        };
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
