package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode's submission: with {@code SPEED_FLINK_REST} the job's environment targets that
 * session cluster's REST endpoint, ships the job jar, and keeps the job's own settings (state
 * backend, parallelism); without it, the local MiniCluster as before.
 */
class SpeedLayerRemoteEnvironmentTest {

    @Test
    void speedFlinkRestSubmitsToTheSessionClusterWithTheJobJar() throws Exception {
        String jar = jarOf(StreamExecutionEnvironment.class);
        SpeedSettings settings = SpeedSettings.from(Map.of("FLINK_PARALLELISM", "3"));

        StreamExecutionEnvironment env =
                SpeedLayerEnvironment.create(
                        settings,
                        Optional.empty(),
                        Map.of(
                                SpeedLayerEnvironment.FLINK_REST,
                                "127.0.0.1:18081",
                                SpeedLayerEnvironment.FLINK_JAR,
                                jar));

        var config = env.getConfiguration();
        assertThat(config.get(DeploymentOptions.TARGET)).isEqualTo("remote");
        assertThat(config.get(RestOptions.ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(config.get(RestOptions.PORT)).isEqualTo(18081);
        assertThat(config.get(PipelineOptions.JARS)).singleElement().asString().endsWith(".jar");
        assertThat(config.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(env.getParallelism()).isEqualTo(3);
    }

    @Test
    void withoutItTheJobRunsLocally() {
        StreamExecutionEnvironment env =
                SpeedLayerEnvironment.create(
                        SpeedSettings.from(Map.of()), Optional.empty(), Map.of());

        assertThat(env.getConfiguration().get(DeploymentOptions.TARGET)).isEqualTo("local");
    }

    @Test
    void aMalformedEndpointNamesTheVariable() {
        assertThatThrownBy(
                        () ->
                                SpeedLayerEnvironment.create(
                                        SpeedSettings.from(Map.of()),
                                        Optional.empty(),
                                        Map.of(SpeedLayerEnvironment.FLINK_REST, "localhost")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPEED_FLINK_REST");
    }

    private static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
