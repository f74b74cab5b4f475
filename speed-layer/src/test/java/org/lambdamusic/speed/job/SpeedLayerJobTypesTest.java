package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/**
 * The production topology builds with Kryo switched off ({@code pipeline.generic-types: false}):
 * every record type between operators and in state has a Flink serializer, so nothing silently
 * falls back to slow, schema-less Kryo.
 */
class SpeedLayerJobTypesTest {
    @Test
    void everyTypeHasAFlinkSerializer() {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        SpeedSettings settings = SpeedSettings.from(Map.of());
        new SpeedLayerJob(settings)
                .build(
                        env,
                        KafkaEndpoints.interactions("127.0.0.1:1", "types-test"),
                        new SpeedLayerJob.Sinks(
                                new DiscardingSink<>(),
                                new DiscardingSink<>(),
                                new DiscardingSink<>(),
                                new DiscardingSink<>()));

        StreamGraph graph = env.getStreamGraph(); // creates every edge's serializer
        assertThat(graph.getStreamNodes()).isNotEmpty();
        assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
    }
}
