package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.localstack.LocalKafkaBroker;
import org.lambdamusic.localstack.LocalObjectStore;

/**
 * The packaged job's behaviour against a real KRaft broker and a real S3 server (s3proxy), run as a
 * separate JVM exactly as the pipeline runs it. Views are compared with a brute-force model of the
 * same stream.
 */
class SpeedLayerKafkaTest {
    private static final int HISTORY = 10;
    private static final long WINDOW_MS = 10_000;
    private static final long SLIDE_MS = 5_000;
    private static final int TOP_N = 5;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void turnsEventsIntoViewsSendsBadOnesToTheDlqAndArchivesRawOnesInS3() throws Exception {
        try (LocalObjectStore s3 = LocalObjectStore.startOnFreePort(tmp.resolve("s3"));
                LocalKafkaBroker kafka = LocalKafkaBroker.startOnFreePort(tmp.resolve("kafka"))) {
            InteractionScenario scenario = scenario(1, 1_500);
            List<String> bad =
                    List.of(
                            "{not json",
                            "{\"event_id\":\"b1\",\"user_id\":\"\",\"track_id\":\"t\","
                                    + "\"interaction_type\":\"play\",\"timestamp\":1}",
                            "{\"event_id\":\"b2\",\"user_id\":\"u\",\"track_id\":\"t\","
                                    + "\"interaction_type\":\"dance\",\"timestamp\":1}",
                            "{\"event_id\":\"b3\",\"user_id\":\"u\",\"track_id\":\"t\","
                                    + "\"interaction_type\":\"play\",\"timestamp\":"
                                    + (System.currentTimeMillis() + 86_400_000L)
                                    + "}");

            try (SpeedLayerProcess job =
                    SpeedLayerProcess.start(
                            env(kafka, s3.settings(), true), tmp.resolve("speed.log"))) {
                try (KafkaProducer<byte[], byte[]> producer =
                        TopicIo.producer(kafka.bootstrapServers())) {
                    for (int i = 0; i < scenario.events.size(); i++) {
                        produce(producer, scenario.events.get(i));
                        if (i == 100) {
                            for (String payload : bad) {
                                TopicIo.send(
                                        producer,
                                        Topics.USER_INTERACTIONS,
                                        "u",
                                        payload.getBytes(StandardCharsets.UTF_8));
                            }
                        }
                    }
                }

                awaitViews(kafka, scenario);

                List<DeadLetter> dead =
                        TopicIo.readAll(kafka.bootstrapServers(), Topics.USER_INTERACTIONS_DLQ)
                                .stream()
                                .map(r -> read(r.value(), DeadLetter.class))
                                .toList();
                assertThat(dead)
                        .extracting(DeadLetter::originalEvent)
                        .containsExactlyElementsOf(bad);
                assertThat(dead)
                        .extracting(DeadLetter::error)
                        .satisfiesExactly(
                                e -> assertThat(e).startsWith("malformed JSON"),
                                e -> assertThat(e).isEqualTo("blank field: user_id"),
                                e -> assertThat(e).isEqualTo("unknown interaction_type: 'dance'"),
                                e -> assertThat(e).startsWith("timestamp too far in the future"));

                // Archive: every valid event (redeliveries included: it is the raw record) once,
                // in committed files under interactions/date=YYYY-MM-DD/.
                Path archive =
                        tmp.resolve("s3/s3")
                                .resolve(s3.settings().bucket())
                                .resolve("interactions");
                await("archive complete in " + archive)
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> archivedLines(archive).size() == scenario.events.size());
                assertThat(archivedLines(archive))
                        .containsExactlyInAnyOrderElementsOf(
                                scenario.events.stream()
                                        .map(
                                                e ->
                                                        new String(
                                                                InteractionEventCodec.toJson(e),
                                                                StandardCharsets.UTF_8))
                                        .toList());
                try (Stream<Path> days = Files.list(archive)) {
                    assertThat(days.map(p -> p.getFileName().toString()))
                            .allMatch(name -> name.matches("date=\\d{4}-\\d{2}-\\d{2}"));
                }
            }
        }
    }

    @Test
    void aKill9InTheMiddleOfTheStreamLosesAndDoublesNothing() throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.startOnFreePort(tmp.resolve("kafka"))) {
            InteractionScenario scenario = scenario(2, 3_000);
            Map<String, String> env = env(kafka, null, false);
            int half = scenario.events.size() / 2;

            SpeedLayerProcess first = SpeedLayerProcess.start(env, tmp.resolve("speed-1.log"));
            try (KafkaProducer<byte[], byte[]> producer =
                    TopicIo.producer(kafka.bootstrapServers())) {
                scenario.events.subList(0, half).forEach(e -> produce(producer, e));
                producer.flush();
                // Let at least one checkpoint complete with part of the stream in it ...
                Path checkpoints = tmp.resolve("state/checkpoints");
                await("a completed checkpoint")
                        .atMost(Duration.ofSeconds(60))
                        .until(
                                () ->
                                        CheckpointLocator.latest(
                                                        checkpoints,
                                                        tmp.resolve("state/savepoints"))
                                                .isPresent());
                // ... then crash while the second half is being processed.
                scenario.events.subList(half, half + 600).forEach(e -> produce(producer, e));
                producer.flush();
                first.kill9();
                scenario.events
                        .subList(half + 600, scenario.events.size())
                        .forEach(e -> produce(producer, e));
            }

            try (SpeedLayerProcess second =
                    SpeedLayerProcess.start(env, tmp.resolve("speed-2.log"))) {
                assertThat(second.logText()).contains("restored_from=" + tmp.resolve("state"));
                awaitViews(kafka, scenario);
            }
        }
    }

    private static InteractionScenario scenario(long seed, int count) {
        long start = (System.currentTimeMillis() - 600_000) / SLIDE_MS * SLIDE_MS;
        return new InteractionScenario(
                seed, count, 40, 30, start, 20, HISTORY, WINDOW_MS, SLIDE_MS, TOP_N);
    }

    /** The latest view per user equals the model; every published trending window equals it too. */
    private static void awaitViews(LocalKafkaBroker kafka, InteractionScenario scenario) {
        Map<String, UserProfileView> expected = scenario.expectedProfiles();
        await("user profiles equal the model")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertSameProfiles(latestProfiles(kafka), expected));

        // A window is published once the watermark passes its end; windows up to the last few
        // seconds of the stream must have been published, each exactly as the model says.
        long lastTimestamp = scenario.events.get(scenario.events.size() - 1).timestamp();
        long lastClosedEnd = (lastTimestamp - 2_000) / SLIDE_MS * SLIDE_MS;
        await("trending windows equal the model")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> {
                            Map<Long, TrendingView> published = trendingByWindowEnd(kafka);
                            assertThat(published).containsKey(lastClosedEnd);
                            assertThat(published.size()).isGreaterThanOrEqualTo(5);
                            published.forEach(
                                    (end, view) ->
                                            assertThat(view)
                                                    .as("window ending %d", end)
                                                    .isEqualTo(scenario.expectedTrending(end)));
                        });
    }

    /** Reports the first user whose view differs, rather than two pages of views. */
    private static void assertSameProfiles(
            Map<String, UserProfileView> actual, Map<String, UserProfileView> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (var entry : new TreeMap<>(expected).entrySet()) {
            assertThat(actual.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    private static Map<String, UserProfileView> latestProfiles(LocalKafkaBroker kafka) {
        Map<String, UserProfileView> latest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r :
                TopicIo.readAll(kafka.bootstrapServers(), Topics.USER_PROFILES)) {
            UserProfileView view = read(r.value(), UserProfileView.class);
            assertThat(r.key()).isEqualTo(view.userId());
            latest.put(r.key(), view);
        }
        return latest;
    }

    private static Map<Long, TrendingView> trendingByWindowEnd(LocalKafkaBroker kafka) {
        Map<Long, TrendingView> byEnd = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r :
                TopicIo.readAll(kafka.bootstrapServers(), Topics.TRENDING_TRACKS)) {
            assertThat(r.key()).isEqualTo(Topics.TRENDING_KEY);
            TrendingView view = read(r.value(), TrendingView.class);
            byEnd.put(view.windowEnd(), view);
        }
        return byEnd;
    }

    private Map<String, String> env(
            LocalKafkaBroker kafka, ObjectStoreSettings s3, boolean archive) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SPEED_STATE_DIR", tmp.resolve("state").toString());
        env.put("SPEED_CHECKPOINT_INTERVAL_MS", "500");
        env.put("SPEED_HISTORY_SIZE", Integer.toString(HISTORY));
        env.put("SPEED_TRENDING_WINDOW", WINDOW_MS + "ms");
        env.put("SPEED_TRENDING_SLIDE", SLIDE_MS + "ms");
        env.put("SPEED_TRENDING_TOP_N", Integer.toString(TOP_N));
        env.put("SPEED_MAX_OUT_OF_ORDERNESS", "1s");
        env.put("SPEED_PROFILE_FLUSH_INTERVAL", "100ms");
        env.put("FLINK_PARALLELISM", "2");
        env.put("SPEED_ARCHIVE", Boolean.toString(archive));
        if (s3 != null) {
            env.put("S3_ENDPOINT", s3.endpoint());
            env.put("S3_BUCKET", s3.bucket());
            env.put("S3_REGION", s3.region());
            env.put("S3_ACCESS_KEY", s3.accessKey());
            env.put("S3_SECRET_KEY", s3.secretKey());
        }
        return env;
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, InteractionEvent event) {
        TopicIo.send(
                producer,
                Topics.USER_INTERACTIONS,
                event.userId(),
                InteractionEventCodec.toJson(event));
    }

    private static List<String> archivedLines(Path archive) {
        if (!Files.isDirectory(archive)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(archive)) {
            for (Path file :
                    files.filter(Files::isRegularFile)
                            .filter(p -> p.getFileName().toString().startsWith("part-"))
                            .toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static <T> T read(byte[] json, Class<T> type) {
        try {
            return ContractsJson.read(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
