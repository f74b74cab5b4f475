package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.config.FeedbackSettings;

class SpeedSettingsTest {
    @Test
    void defaultsMatchTheReadme() {
        SpeedSettings s = SpeedSettings.from(Map.of());

        assertThat(s.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(s.statePath().toString())
                .isEqualTo("file:" + Path.of("var/flink").toAbsolutePath());
        assertThat(s.checkpointPath().toString())
                .isEqualTo("file:" + Path.of("var/flink/checkpoints").toAbsolutePath());
        assertThat(s.checkpointIntervalMs()).isEqualTo(10_000);
        assertThat(s.logRetention()).isEqualTo(Duration.ofHours(48));
        assertThat(s.logMaxEvents()).isEqualTo(10_000);
        assertThat(s.profileFlushInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.profileMaxFlushDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.userStateTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(s.trendingWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(s.trendingSlide()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.trendingTopN()).isEqualTo(50);
        assertThat(s.maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.sourceIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxEventBytes()).isEqualTo(4096);
        assertThat(s.archiveEnabled()).isTrue();
        assertThat(s.archivePath()).isEqualTo("s3://recommender/interactions");
        assertThat(s.consumerGroup()).isEqualTo("speed-layer");
        assertThat(s.createTopics()).isTrue();
        assertThat(s.startFrom()).isEqualTo(SpeedSettings.StartFrom.WATERMARK);
        assertThat(s.modelsPath()).isEqualTo("s3://recommender/models");
        assertThat(s.modelPollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.metricsPort()).isEqualTo("9249-9259");
        assertThat(s.feedback()).isEqualTo(FeedbackSettings.DEFAULTS);
        assertThat(s.parallelism()).isEqualTo(1);
    }

    @Test
    void readsOverridesFromTheEnvironment() {
        SpeedSettings s =
                SpeedSettings.from(
                        Map.ofEntries(
                                Map.entry("SPEED_STATE_DIR", "/tmp/x"),
                                Map.entry("SPEED_CHECKPOINT_INTERVAL_MS", "500"),
                                Map.entry("SPEED_LOG_RETENTION", "3d"),
                                Map.entry("SPEED_LOG_MAX_EVENTS", "7"),
                                Map.entry("SPEED_START_FROM", "earliest"),
                                Map.entry("MODEL_ROOT", "/v2/models/"),
                                Map.entry("FEEDBACK_LIKE_WEIGHT", "5"),
                                Map.entry("SPEED_TRENDING_WINDOW", "10m"),
                                Map.entry("SPEED_TRENDING_SLIDE", "PT30S"),
                                Map.entry("SPEED_TRENDING_TOP_N", "3"),
                                Map.entry("SPEED_PROFILE_FLUSH_INTERVAL", "0"),
                                Map.entry("SPEED_PROFILE_MAX_FLUSH_DELAY", "5s"),
                                Map.entry("SPEED_USER_STATE_TTL", "7d"),
                                Map.entry("SPEED_MAX_OUT_OF_ORDERNESS", "250ms"),
                                Map.entry("SPEED_SOURCE_IDLE_TIMEOUT", "1 min"),
                                Map.entry("SPEED_MAX_FUTURE_SKEW", "1h"),
                                Map.entry("SPEED_MAX_EVENT_BYTES", "100"),
                                Map.entry("SPEED_ARCHIVE", "false"),
                                Map.entry("SPEED_CONSUMER_GROUP", "g"),
                                Map.entry("SPEED_CREATE_TOPICS", "FALSE"),
                                Map.entry("FLINK_PARALLELISM", "2"),
                                Map.entry("SPEED_MODEL_POLL_INTERVAL", "30s"),
                                Map.entry("SPEED_METRICS_PORT", "off"),
                                Map.entry("S3_BUCKET", "b")));

        assertThat(s.statePath().toString()).isEqualTo("file:/tmp/x");
        assertThat(s.checkpointIntervalMs()).isEqualTo(500);
        assertThat(s.logRetention()).isEqualTo(Duration.ofDays(3));
        assertThat(s.logMaxEvents()).isEqualTo(7);
        assertThat(s.startFrom()).isEqualTo(SpeedSettings.StartFrom.EARLIEST);
        assertThat(s.modelsPath()).isEqualTo("s3://b/v2/models");
        assertThat(s.feedback().likeWeight()).isEqualTo(5);
        assertThat(s.trendingWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.trendingSlide()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.trendingTopN()).isEqualTo(3);
        assertThat(s.profileFlushInterval()).isZero();
        assertThat(s.profileMaxFlushDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.userStateTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(s.maxOutOfOrderness()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.sourceIdleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.maxFutureSkew()).isEqualTo(Duration.ofHours(1));
        assertThat(s.maxEventBytes()).isEqualTo(100);
        assertThat(s.archiveEnabled()).isFalse();
        assertThat(s.archivePath()).isEqualTo("s3://b/interactions");
        assertThat(s.consumerGroup()).isEqualTo("g");
        assertThat(s.createTopics()).isFalse();
        assertThat(s.parallelism()).isEqualTo(2);
        assertThat(s.modelPollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.metricsPort()).isEqualTo("off");
    }

    @Test
    void anExplicitArchivePathWinsOverTheBucket() {
        SpeedSettings s =
                SpeedSettings.from(
                        Map.of("SPEED_ARCHIVE_PATH", "file:///tmp/archive", "S3_BUCKET", "b"));

        assertThat(s.archivePath()).isEqualTo("file:///tmp/archive");
    }

    @Test
    void anObjectStoreStatePathWinsOverTheLocalFolder() {
        SpeedSettings s =
                SpeedSettings.from(
                        Map.of(
                                "SPEED_STATE_PATH", "s3://b/speed",
                                "SPEED_STATE_DIR", "/tmp/x"));

        assertThat(s.statePath().toString()).isEqualTo("s3://b/speed");
        assertThat(s.checkpointPath().toString()).isEqualTo("s3://b/speed/checkpoints");
        assertThat(s.savepointPath().toString()).isEqualTo("s3://b/speed/savepoints");
        assertThat(SpeedSettings.from(Map.of("SPEED_STATE_PATH", "file:///tmp/y/")).statePath())
                .hasToString("file:/tmp/y");
        // Without a scheme it is a local folder, as SPEED_STATE_DIR.
        assertThat(SpeedSettings.from(Map.of("SPEED_STATE_PATH", "/tmp/z")).statePath())
                .hasToString("file:/tmp/z");
    }

    @Test
    void theStateIsNeverAWholeBucketOrTheRoot() {
        // ./pipeline reset speed deletes the state path.
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_STATE_PATH", "s3://b")))
                .hasMessageContaining("SPEED_STATE_PATH");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_STATE_PATH", "s3://b/")))
                .hasMessageContaining("SPEED_STATE_PATH");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_STATE_PATH", "file:///")))
                .hasMessageContaining("SPEED_STATE_PATH");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_STATE_DIR", "/")))
                .hasMessageContaining("SPEED_STATE_PATH");
    }

    @Test
    void anExplicitModelsPathWinsOverBucketAndRoot() {
        SpeedSettings s =
                SpeedSettings.from(
                        Map.of(
                                "SPEED_MODELS_PATH", "file:///tmp/models",
                                "S3_BUCKET", "b",
                                "MODEL_ROOT", "m"));

        assertThat(s.modelsPath()).isEqualTo("file:///tmp/models");
    }

    @Test
    void aBlankVariableMeansTheDefault() {
        SpeedSettings s =
                SpeedSettings.from(
                        Map.of(
                                "SPEED_LOG_MAX_EVENTS", "",
                                "SPEED_TRENDING_SLIDE", "  ",
                                "SPEED_ARCHIVE", "",
                                "SPEED_ARCHIVE_PATH", " "));

        assertThat(s.logMaxEvents()).isEqualTo(10_000);
        assertThat(s.trendingSlide()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.archiveEnabled()).isTrue();
        assertThat(s.archivePath()).isEqualTo("s3://recommender/interactions");
    }

    @Test
    void rejectsNonsenseWithTheVariableName() {
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_LOG_MAX_EVENTS", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPEED_LOG_MAX_EVENTS");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_START_FROM", "latest")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPEED_START_FROM");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("FEEDBACK_SKIP_WEIGHT", "-x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FEEDBACK_SKIP_WEIGHT");
        // The state must outlive the log: an expired state would lose events without a floor.
        assertThatThrownBy(
                        () ->
                                SpeedSettings.from(
                                        Map.of(
                                                "SPEED_USER_STATE_TTL", "1d",
                                                "SPEED_LOG_RETENTION", "2d")))
                .hasMessageContaining("SPEED_USER_STATE_TTL")
                .hasMessageContaining("SPEED_LOG_RETENTION");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_TRENDING_SLIDE", "2 weeks")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPEED_TRENDING_SLIDE");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_ARCHIVE", "perhaps")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPEED_ARCHIVE");
        assertThatThrownBy(
                        () ->
                                SpeedSettings.from(
                                        Map.of(
                                                "SPEED_TRENDING_WINDOW", "1m",
                                                "SPEED_TRENDING_SLIDE", "5m")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPEED_TRENDING_WINDOW");
        assertThatThrownBy(
                        () ->
                                SpeedSettings.from(
                                        Map.of(
                                                "SPEED_TRENDING_WINDOW", "10m",
                                                "SPEED_TRENDING_SLIDE", "3m")))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_TRENDING_SLIDE", "0")))
                .hasMessageContaining("SPEED_TRENDING_SLIDE");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("FLINK_PARALLELISM", "0")))
                .hasMessageContaining("FLINK_PARALLELISM");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_CHECKPOINT_INTERVAL_MS", "5")))
                .hasMessageContaining("SPEED_CHECKPOINT_INTERVAL_MS");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_METRICS_PORT", "http")))
                .hasMessageContaining("SPEED_METRICS_PORT");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_MODEL_POLL_INTERVAL", "0")))
                .hasMessageContaining("SPEED_MODEL_POLL_INTERVAL");
    }

    @Test
    void everyOptionIsDescribedHereAndInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (ConfigOption<?> option : SpeedSettings.OPTIONS) {
            assertThat(option.description().toString()).as(option.key()).isNotBlank();
            assertThat(readme).as(option.key()).contains("`" + option.key() + "`");
        }
    }
}
