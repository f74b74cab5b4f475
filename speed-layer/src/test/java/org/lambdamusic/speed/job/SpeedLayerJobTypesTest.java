package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.speed.archive.ArchiveEntry;
import org.lambdamusic.speed.profile.ProfileUpdate;
import org.lambdamusic.speed.validation.ConsumedRecord;

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
        // The listeners' logs are changed in place (UserProfileFunction): heap state only.
        assertThat(env.getConfiguration().get(StateBackendOptions.STATE_BACKEND))
                .isEqualTo("hashmap");
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
                        KafkaEndpoints.interactions(settings, OffsetsInitializer.earliest()),
                        new SpeedLayerJob.Sinks(
                                new DiscardingSink<>(),
                                new DiscardingSink<>(),
                                new DiscardingSink<>(),
                                new DiscardingSink<>()));

        StreamGraph graph = env.getStreamGraph(); // creates every edge's serializer
        assertThat(graph.getStreamNodes()).isNotEmpty();
    }

    /**
     * The graph check above sees the types on the edges; state serializers are made when the
     * operators open. So the whole topology runs here, on a MiniCluster in this JVM, in the job's
     * own environment (generic types off), with a generated source and collecting sinks: a type
     * that fell back to Kryo anywhere, on an edge or in state, would fail the job.
     */
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2}) // 1: the events are not shuffled by user (reinterpreted as keyed)
    void theWholeTopologyRunsInTheJobsEnvironmentWithoutAGenericType(int parallelism)
            throws Exception {
        SpeedSettings settings =
                SpeedSettings.from(
                        Map.of(
                                "SPEED_STATE_DIR", stateDir.toString(),
                                "SPEED_PROFILE_FLUSH_INTERVAL", "0",
                                "SPEED_MODELS_PATH", stateDir.resolve("models").toUri().toString(),
                                "SPEED_METRICS_PORT", "off",
                                "FLINK_PARALLELISM", Integer.toString(parallelism)));
        StreamExecutionEnvironment env = SpeedLayerEnvironment.create(settings, Optional.empty());
        int records = 400;
        long now = System.currentTimeMillis();
        // Two "partitions", each a contiguous half of the sequence, which is how the generator
        // splits its work between its two readers: each partition is read in offset order by one
        // reader, as Kafka's are; four listeners per partition.
        GeneratorFunction<Long, ConsumedRecord> generator =
                i -> {
                    int partition = i < records / 2 ? 0 : 1; // at parallelism 1 too
                    long offset = i - partition * (records / 2);
                    String user = "u" + (partition * 4 + offset % 4);
                    byte[] payload =
                            i == 17
                                    ? "{not json".getBytes(StandardCharsets.UTF_8)
                                    : InteractionEventCodec.toJson(
                                            new InteractionEvent(
                                                    "e" + i,
                                                    user,
                                                    "t" + (i % 5),
                                                    InteractionType.values()[(int) (i % 3)],
                                                    now - 60_000 + i));
                    return ConsumedRecord.decode(
                            partition,
                            offset,
                            now,
                            payload,
                            4096,
                            60_000,
                            System.currentTimeMillis());
                };
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>("dlq");
        CollectingSink<ProfileUpdate> profiles = new CollectingSink<>("profiles");
        CollectingSink<TrendingView> trending = new CollectingSink<>("trending");
        CollectingSink<ArchiveEntry> archive = new CollectingSink<>("archive");
        new SpeedLayerJob(settings)
                .build(
                        env,
                        new DataGeneratorSource<>(
                                generator, records, TypeInformation.of(ConsumedRecord.class)),
                        new SpeedLayerJob.Sinks(deadLetters, profiles, trending, archive));

        env.execute("types-test");

        assertThat(deadLetters.received())
                .singleElement()
                .extracting(DeadLetter::error)
                .asString()
                .startsWith("malformed JSON");
        assertThat(archive.received()).hasSize(records);
        Map<String, UserProfileView> latest = new TreeMap<>();
        for (ProfileUpdate update : profiles.received()) {
            UserProfileView view = ContractsJson.read(update.json(), UserProfileView.class);
            UserProfileView before = latest.get(view.userId());
            if (before == null || before.events().size() < view.events().size()) {
                latest.put(view.userId(), view);
            }
        }
        assertThat(latest).hasSize(8);
        assertThat(latest.values().stream().mapToInt(v -> v.events().size()).sum())
                .isEqualTo(records - 1);
        assertThat(trending.received()).isNotEmpty();
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
