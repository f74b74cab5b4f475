package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment the job really runs with ({@link SpeedLayerEnvironment#create}, the one {@code
 * SpeedLayerMain} uses) has object reuse on and Kryo off ({@code pipeline.generic-types: false}),
 * and the production topology builds in it: every record type between operators and in state has a
 * Flink serializer, so nothing silently falls back to slow, schema-less Kryo.
 */
class SpeedLayerJobTypesTest {
    @TempDir Path stateDir;

    @Test
    void theJobsEnvironmentReusesObjectsAndRefusesKryo() {
        SpeedSettings settings = settings();
        StreamExecutionEnvironment env = SpeedLayerEnvironment.create(settings, Optional.empty());

        assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
        assertThat(env.getParallelism()).isEqualTo(settings.parallelism());
        assertThat(env.getCheckpointConfig().getCheckpointInterval())
                .isEqualTo(settings.checkpointIntervalMs());
    }

    @Test
    void everyTypeOfTheTopologyHasAFlinkSerializer() {
        SpeedSettings settings = settings();
        StreamExecutionEnvironment env = SpeedLayerEnvironment.create(settings, Optional.empty());
        new SpeedLayerJob(settings)
                .build(
                        env,
                        KafkaEndpoints.interactions(
                                "127.0.0.1:1", "types-test", OffsetsInitializer.earliest()),
                        new SpeedLayerJob.Sinks(
                                new DiscardingSink<>(),
                                new DiscardingSink<>(),
                                new DiscardingSink<>(),
                                new DiscardingSink<>()));

        StreamGraph graph = env.getStreamGraph(); // creates every edge's serializer
        assertThat(graph.getStreamNodes()).isNotEmpty();
    }

    /** The check above would prove nothing if a Kryo type got through anyway. */
    @Test
    void aTypeWithoutAFlinkSerializerFailsInThatEnvironment() {
        StreamExecutionEnvironment env = SpeedLayerEnvironment.create(settings(), Optional.empty());

        assertThatThrownBy(
                        () -> {
                            env.fromData(new NotAPojo("x")).sinkTo(new DiscardingSink<>());
                            env.getStreamGraph();
                        })
                .hasStackTraceContaining("Generic types have been disabled");
    }

    private SpeedSettings settings() {
        return SpeedSettings.from(Map.of("SPEED_STATE_DIR", stateDir.toString()));
    }

    /** No default constructor, so Flink's type extraction can only treat it as a generic type. */
    static final class NotAPojo {
        private final String value;

        NotAPojo(String value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
