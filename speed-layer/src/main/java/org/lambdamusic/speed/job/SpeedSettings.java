package org.lambdamusic.speed.job;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.KafkaSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.deploy.StackDefaults;
import org.lambdamusic.contracts.model.ArtifactLayout;

/**
 * Every setting of the speed layer, read from environment variables. Each one is a Flink {@link
 * ConfigOption} whose key is the variable's name, with its default and description written once,
 * here (speed-layer/README.md lists them); Flink's own {@link Configuration} parses the values, so
 * durations take Flink's syntax: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d},
 * ISO-8601 ({@code PT1H}), a bare number being milliseconds. A variable set to a blank value counts
 * as unset. Kafka, the object store and the trending weights come from the contracts' {@link
 * KafkaSettings}, {@link ObjectStoreSettings} and {@link FeedbackSettings}, shared with the other
 * layers.
 */
public record SpeedSettings(
        KafkaSettings kafka,
        ObjectStoreSettings objectStore,
        FeedbackSettings feedback,
        Path statePath,
        long checkpointIntervalMs,
        Duration logRetention,
        int logMaxEvents,
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
        StartFrom startFrom,
        String modelsPath,
        Duration modelPollInterval,
        String metricsPort,
        int parallelism) {

    /** Where a job without a checkpoint or savepoint to restore starts reading. */
    public enum StartFrom {
        /** After the watermark of the served model version (its batch views hold the rest). */
        WATERMARK,
        /** The earliest retained offset of every partition. */
        EARLIEST
    }

    public static final ConfigOption<String> STATE_DIR =
            key("SPEED_STATE_DIR")
                    .stringType()
                    .defaultValue("var/flink")
                    .withDescription(
                            "Local folder of the checkpoints and savepoints when SPEED_STATE_PATH"
                                    + " is unset; relative to the working directory.");
    public static final ConfigOption<String> STATE_PATH =
            key("SPEED_STATE_PATH")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Where checkpoints (<path>/checkpoints/<job>/chk-<n>) and savepoints"
                                    + " (<path>/savepoints) go: s3://<bucket>/<prefix> or"
                                    + " file:///...; file://<SPEED_STATE_DIR> when unset.");
    public static final ConfigOption<Long> CHECKPOINT_INTERVAL_MS =
            key("SPEED_CHECKPOINT_INTERVAL_MS")
                    .longType()
                    .defaultValue(10_000L)
                    .withDescription(
                            "Checkpoint interval in ms; archive files become visible on each"
                                    + " checkpoint.");
    public static final ConfigOption<Duration> LOG_RETENTION =
            key("SPEED_LOG_RETENTION")
                    .durationType()
                    .defaultValue(Duration.ofHours(48))
                    .withDescription(
                            "A user's log keeps the events no older (event time) than the user's"
                                    + " newest event minus this; must cover the time between two"
                                    + " batch runs.");
    public static final ConfigOption<Integer> LOG_MAX_EVENTS =
            key("SPEED_LOG_MAX_EVENTS")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription(
                            "Most events kept in a user's log; the oldest (by offset) go first.");
    public static final ConfigOption<Duration> PROFILE_FLUSH_INTERVAL =
            key("SPEED_PROFILE_FLUSH_INTERVAL")
                    .durationType()
                    .defaultValue(Duration.ofMillis(50))
                    .withDescription(
                            "A user's changes within this interval are published as one view; 0"
                                    + " publishes on every change. Live events wait this long at"
                                    + " most for their view (event-to-view p99 < 250 ms).");
    public static final ConfigOption<Duration> PROFILE_MAX_FLUSH_DELAY =
            key("SPEED_PROFILE_MAX_FLUSH_DELAY")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "For events already late by event time the flush interval grows to a"
                                    + " tenth of the lateness, up to this.");
    public static final ConfigOption<Duration> USER_STATE_TTL =
            key("SPEED_USER_STATE_TTL")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription(
                            "A user's state expires after this long without an event (processing"
                                    + " time); at least SPEED_LOG_RETENTION.");
    public static final ConfigOption<Duration> TRENDING_WINDOW =
            key("SPEED_TRENDING_WINDOW")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "Sliding event-time window for trending (a whole number of slides).");
    public static final ConfigOption<Duration> TRENDING_SLIDE =
            key("SPEED_TRENDING_SLIDE")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription("How often a trending view is published.");
    public static final ConfigOption<Integer> TRENDING_TOP_N =
            key("SPEED_TRENDING_TOP_N")
                    .intType()
                    .defaultValue(50)
                    .withDescription("Tracks per trending view.");
    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            key("SPEED_MAX_OUT_OF_ORDERNESS")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("Watermark delay behind the newest event of a partition.");
    public static final ConfigOption<Duration> SOURCE_IDLE_TIMEOUT =
            key("SPEED_SOURCE_IDLE_TIMEOUT")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A partition without events for this long stops holding the watermark"
                                    + " back.");
    public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
            key("SPEED_MAX_FUTURE_SKEW")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "Events stamped further ahead of the wall clock go to the DLQ.");
    public static final ConfigOption<Integer> MAX_EVENT_BYTES =
            key("SPEED_MAX_EVENT_BYTES")
                    .intType()
                    .defaultValue(4096)
                    .withDescription("Larger payloads go to the DLQ.");
    public static final ConfigOption<Boolean> ARCHIVE =
            key("SPEED_ARCHIVE")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Archive every consumed record (valid events and rejection markers)"
                                    + " to the object store (true or false).");
    public static final ConfigOption<String> ARCHIVE_PATH =
            key("SPEED_ARCHIVE_PATH")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Archive root; s3://<S3_BUCKET>/interactions when unset (file:///..."
                                    + " works too).");
    public static final ConfigOption<String> CONSUMER_GROUP =
            key("SPEED_CONSUMER_GROUP")
                    .stringType()
                    .defaultValue("speed-layer")
                    .withDescription(
                            "Consumer group (offsets are committed on checkpoints, for lag"
                                    + " monitoring only).");
    public static final ConfigOption<Boolean> CREATE_TOPICS =
            key("SPEED_CREATE_TOPICS")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Create missing contract topics at start, idempotently (true or"
                                    + " false).");
    public static final ConfigOption<StartFrom> START_FROM =
            key("SPEED_START_FROM")
                    .enumType(StartFrom.class)
                    .defaultValue(StartFrom.WATERMARK)
                    .withDescription(
                            "Without a checkpoint to restore: watermark (each partition after the"
                                    + " served model's watermark, earliest where it has none) or"
                                    + " earliest.");
    public static final ConfigOption<String> MODELS_PATH =
            key("SPEED_MODELS_PATH")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Where the served model's LATEST and manifest are read from;"
                                    + " s3://<S3_BUCKET>/<MODEL_ROOT, default models> when unset"
                                    + " (file:///... works too).");
    public static final ConfigOption<Duration> MODEL_POLL_INTERVAL =
            key("SPEED_MODEL_POLL_INTERVAL")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How often the running job reads which model version is served"
                                    + " (LATEST and its manifest's watermark) to trim the views to"
                                    + " what the batch views do not cover.");
    public static final ConfigOption<String> METRICS_PORT =
            key(StackDefaults.SPEED_METRICS_PORT.variable())
                    .stringType()
                    .defaultValue(StackDefaults.SPEED_METRICS_PORT.defaultValue())
                    .withDescription(
                            "Port, or range of ports (the first free one is taken), of the job's"
                                    + " Prometheus endpoint (Flink's own metrics) on 127.0.0.1;"
                                    + " off: none.");
    public static final ConfigOption<Integer> PARALLELISM =
            key("FLINK_PARALLELISM")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Parallelism of every operator.");

    /** Every option, in the README's order (for listings such as {@code --help}). */
    public static final List<ConfigOption<?>> OPTIONS =
            List.of(
                    STATE_DIR,
                    STATE_PATH,
                    CHECKPOINT_INTERVAL_MS,
                    LOG_RETENTION,
                    LOG_MAX_EVENTS,
                    PROFILE_FLUSH_INTERVAL,
                    PROFILE_MAX_FLUSH_DELAY,
                    USER_STATE_TTL,
                    TRENDING_WINDOW,
                    TRENDING_SLIDE,
                    TRENDING_TOP_N,
                    MAX_OUT_OF_ORDERNESS,
                    SOURCE_IDLE_TIMEOUT,
                    MAX_FUTURE_SKEW,
                    MAX_EVENT_BYTES,
                    ARCHIVE,
                    ARCHIVE_PATH,
                    CONSUMER_GROUP,
                    CREATE_TOPICS,
                    START_FROM,
                    MODELS_PATH,
                    MODEL_POLL_INTERVAL,
                    METRICS_PORT,
                    PARALLELISM);

    public SpeedSettings {
        require(
                statePath.toUri().getScheme() != null && statePath.getParent() != null,
                STATE_PATH.key()
                        + " must be a folder below a bucket or below /, with its scheme"
                        + " (s3://<bucket>/<prefix>, file:///...): "
                        + statePath);
        require(checkpointIntervalMs >= 10, CHECKPOINT_INTERVAL_MS.key() + " must be >= 10");
        require(logRetention.toMillis() > 0, LOG_RETENTION.key() + " must be at least 1ms");
        require(logMaxEvents > 0, LOG_MAX_EVENTS.key() + " must be > 0");
        require(
                userStateTtl.compareTo(logRetention) >= 0,
                USER_STATE_TTL.key()
                        + " must be >= "
                        + LOG_RETENTION.key()
                        + " (a user's state must not expire while its log still holds events)");
        require(trendingSlide.toMillis() > 0, TRENDING_SLIDE.key() + " must be at least 1ms");
        require(
                trendingWindow.compareTo(trendingSlide) >= 0,
                TRENDING_WINDOW.key() + " must be >= " + TRENDING_SLIDE.key());
        require(
                trendingWindow.toMillis() % trendingSlide.toMillis() == 0,
                TRENDING_WINDOW.key() + " must be a whole number of " + TRENDING_SLIDE.key());
        require(trendingTopN > 0, TRENDING_TOP_N.key() + " must be > 0");
        require(maxEventBytes > 0, MAX_EVENT_BYTES.key() + " must be > 0");
        require(!profileFlushInterval.isNegative(), PROFILE_FLUSH_INTERVAL.key() + " must be >= 0");
        require(
                !profileMaxFlushDelay.isNegative(),
                PROFILE_MAX_FLUSH_DELAY.key() + " must be >= 0");
        require(
                modelPollInterval.toMillis() > 0,
                MODEL_POLL_INTERVAL.key() + " must be at least 1ms");
        require(
                metricsPort.equals("off") || metricsPort.matches("\\d+(-\\d+)?"),
                METRICS_PORT.key()
                        + " must be a port, a range like 9249-9259, or off: "
                        + metricsPort);
        require(parallelism > 0, PARALLELISM.key() + " must be > 0");
    }

    public static SpeedSettings fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * @throws IllegalArgumentException naming the variable, when a value does not parse or is out
     *     of range
     */
    public static SpeedSettings from(Map<String, String> env) {
        ObjectStoreSettings objectStore = ObjectStoreSettings.from(env);
        Configuration config = configuration(env);
        return new SpeedSettings(
                KafkaSettings.from(env),
                objectStore,
                FeedbackSettings.from(env),
                statePath(config),
                config.get(CHECKPOINT_INTERVAL_MS),
                config.get(LOG_RETENTION),
                config.get(LOG_MAX_EVENTS),
                config.get(TRENDING_WINDOW),
                config.get(TRENDING_SLIDE),
                config.get(TRENDING_TOP_N),
                config.get(MAX_OUT_OF_ORDERNESS),
                config.get(SOURCE_IDLE_TIMEOUT),
                config.get(MAX_FUTURE_SKEW),
                config.get(MAX_EVENT_BYTES),
                config.get(USER_STATE_TTL),
                config.get(PROFILE_FLUSH_INTERVAL),
                config.get(PROFILE_MAX_FLUSH_DELAY),
                config.get(ARCHIVE),
                config.getOptional(ARCHIVE_PATH)
                        .orElse("s3://" + objectStore.bucket() + "/interactions"),
                config.get(CONSUMER_GROUP),
                config.get(CREATE_TOPICS),
                config.get(START_FROM),
                config.getOptional(MODELS_PATH)
                        .orElse(
                                "s3://"
                                        + objectStore.bucket()
                                        + "/"
                                        + new ArtifactLayout(blankToNull(env.get("MODEL_ROOT")))
                                                .root()),
                config.get(MODEL_POLL_INTERVAL),
                config.get(METRICS_PORT).trim(),
                config.get(PARALLELISM));
    }

    /**
     * The speed layer's variables as a Flink configuration (keys = variable names). Blank values
     * are left out, so an exported but empty variable means the default, as in the scripts.
     */
    static Configuration configuration(Map<String, String> env) {
        Map<String, String> set = new HashMap<>();
        for (ConfigOption<?> option : OPTIONS) {
            String value = env.get(option.key());
            if (value != null && !value.isBlank()) {
                set.put(option.key(), value);
            }
        }
        return Configuration.fromMap(set);
    }

    /**
     * {@code SPEED_STATE_PATH} as given (a path without a scheme is a local one), else the absolute
     * {@code SPEED_STATE_DIR}, the local default.
     */
    private static Path statePath(Configuration config) {
        Optional<String> uri = config.getOptional(STATE_PATH).map(String::trim);
        if (uri.isPresent() && new Path(uri.get()).toUri().getScheme() != null) {
            return new Path(uri.get());
        }
        String local = uri.orElseGet(() -> config.get(STATE_DIR));
        // Not Path.fromLocalFile: its URI keeps a trailing slash when the folder exists.
        return new Path(
                "file", null, new File(local).getAbsoluteFile().toPath().normalize().toString());
    }

    /** Where checkpoints go: {@code <statePath>/checkpoints/<job id>/chk-<n>/_metadata}. */
    public Path checkpointPath() {
        return new Path(statePath, "checkpoints");
    }

    /** Where the savepoint taken on a graceful stop goes. */
    public Path savepointPath() {
        return new Path(statePath, "savepoints");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
