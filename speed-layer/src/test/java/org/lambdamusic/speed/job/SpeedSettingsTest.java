package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeedSettingsTest {
    @Test
    void defaultsMatchTheReadme() {
        SpeedSettings s = SpeedSettings.from(Map.of());

        assertThat(s.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(s.stateDir()).isEqualTo(Path.of("var/flink").toAbsolutePath());
        assertThat(s.checkpointIntervalMs()).isEqualTo(10_000);
        assertThat(s.historySize()).isEqualTo(50);
        assertThat(s.trendingWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(s.trendingSlide()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.trendingTopN()).isEqualTo(50);
        assertThat(s.archiveEnabled()).isTrue();
        assertThat(s.archivePath()).isEqualTo("s3://recommender/interactions");
        assertThat(s.parallelism()).isEqualTo(1);
        assertThat(s.profileFlushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.profileMaxFlushDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void readsOverridesFromTheEnvironment() {
        SpeedSettings s =
                SpeedSettings.from(
                        Map.of(
                                "SPEED_STATE_DIR", "/tmp/x",
                                "SPEED_TRENDING_WINDOW", "10m",
                                "SPEED_TRENDING_SLIDE", "PT30S",
                                "SPEED_PROFILE_FLUSH_INTERVAL", "0",
                                "SPEED_PROFILE_MAX_FLUSH_DELAY", "5s",
                                "SPEED_ARCHIVE", "false",
                                "S3_BUCKET", "b"));

        assertThat(s.stateDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(s.trendingWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.trendingSlide()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.profileFlushInterval()).isZero();
        assertThat(s.profileMaxFlushDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.archiveEnabled()).isFalse();
        assertThat(s.archivePath()).isEqualTo("s3://b/interactions");
    }

    @Test
    void rejectsNonsenseWithTheVariableName() {
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_HISTORY_SIZE", "many")))
                .hasMessageContaining("SPEED_HISTORY_SIZE");
        assertThatThrownBy(() -> SpeedSettings.from(Map.of("SPEED_TRENDING_SLIDE", "2 weeks")))
                .hasMessageContaining("SPEED_TRENDING_SLIDE");
        assertThatThrownBy(
                        () ->
                                SpeedSettings.from(
                                        Map.of(
                                                "SPEED_TRENDING_WINDOW", "1m",
                                                "SPEED_TRENDING_SLIDE", "5m")))
                .hasMessageContaining("SPEED_TRENDING_WINDOW");
    }
}
