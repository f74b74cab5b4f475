package org.lambdamusic.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.config.KafkaSettings;
import org.lambdamusic.localstack.LocalKafkaBroker;

/**
 * The speedLayer health reading on a real broker, the speed job played by a consumer that commits
 * with assign() as Flink's KafkaSource does (no group membership): no commits yet is WARNING,
 * commits at the end are UP (idle), lag with moving commits is UP (running), lag with commits that
 * stood still for the stall time is WARNING (stalled), and a new commit brings it back.
 */
class SpeedLayerProgressTest {
    @TempDir static Path dir;
    static LocalKafkaBroker kafka;

    @BeforeAll
    static void broker() {
        kafka = LocalKafkaBroker.startOnFreePort(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void readsTheSpeedJobsCommitsAgainstTheTopic() throws Exception {
        String group = "speed-progress-test";
        KafkaProperties properties =
                new KafkaProperties(
                        "test",
                        3,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        Duration.ofMillis(200));
        KafkaClients clients =
                new KafkaClients(properties, new KafkaSettings(kafka.bootstrapServers()));
        BrokerConnection connection = mock(BrokerConnection.class);
        when(connection.isConnected()).thenReturn(true);
        MutableClock clock = new MutableClock();
        SpeedLayerProgress progress =
                new SpeedLayerProgress(
                        clients,
                        connection,
                        new SpeedProperties(group, Duration.ofSeconds(60), Duration.ofSeconds(5)),
                        clock);
        try (Admin admin = clients.admin("test")) {
            // The local broker provisions the contract topics itself (3 partitions here).
            if (!admin.listTopics().names().get().contains(Topics.USER_INTERACTIONS)) {
                admin.createTopics(List.of(new NewTopic(Topics.USER_INTERACTIONS, 3, (short) 1)))
                        .all()
                        .get();
            }
            send(clients, 10);

            SpeedLayerStatus none = progress.status();
            assertThat(none.status()).isEqualTo("WARNING");
            assertThat(none.reason()).isEqualTo("no_commits");
            assertThat(none.lag()).isEqualTo(10);

            commitAtEnd(admin, group);
            clock.advance(Duration.ofSeconds(6));
            SpeedLayerStatus idle = progress.status();
            assertThat(idle.status()).isEqualTo("UP");
            assertThat(idle.reason()).isEqualTo("idle");
            assertThat(idle.lag()).isZero();
            assertThat(idle.members()).isZero();

            send(clients, 5);
            clock.advance(Duration.ofSeconds(6));
            SpeedLayerStatus behind = progress.status();
            assertThat(behind.status()).isEqualTo("UP");
            assertThat(behind.reason()).isEqualTo("running");
            assertThat(behind.lag()).isEqualTo(5);

            clock.advance(Duration.ofSeconds(61));
            SpeedLayerStatus stalled = progress.status();
            assertThat(stalled.status()).isEqualTo("WARNING");
            assertThat(stalled.reason()).isEqualTo("stalled");
            assertThat(stalled.secondsSinceProgress()).isGreaterThanOrEqualTo(60);
            // Cached until the refresh interval passed.
            assertThat(progress.status()).isSameAs(stalled);

            commitAtEnd(admin, group);
            clock.advance(Duration.ofSeconds(6));
            assertThat(progress.status().status()).isEqualTo("UP");
        } finally {
            progress.destroy();
        }
    }

    private static void send(KafkaClients clients, int count) throws Exception {
        try (KafkaProducer<String, byte[]> producer = clients.producer("test")) {
            for (int i = 0; i < count; i++) {
                producer.send(
                                new ProducerRecord<>(
                                        Topics.USER_INTERACTIONS, "user-" + i, new byte[] {1}))
                        .get();
            }
        }
    }

    /** As Flink's KafkaSource: assign() and commit, never joining the group. */
    private static void commitAtEnd(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        int partitions =
                admin.describeTopics(List.of(Topics.USER_INTERACTIONS))
                        .allTopicNames()
                        .get()
                        .get(Topics.USER_INTERACTIONS)
                        .partitions()
                        .size();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(Topics.USER_INTERACTIONS, p), OffsetSpec.latest());
        }
        Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
        admin.listOffsets(latest)
                .all()
                .get()
                .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(Set.copyOf(ends.keySet()));
            consumer.commitSync(ends);
        }
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
