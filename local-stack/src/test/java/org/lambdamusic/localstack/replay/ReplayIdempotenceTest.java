package org.lambdamusic.localstack.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.localstack.LocalKafkaBroker;

/**
 * The replay sent twice to a real broker: every event id is on the topic exactly twice, with the
 * same key, partition and bytes, so a consumer that drops a redelivered id (the speed layer's log,
 * the batch fold) counts each event once, and a second replay changes no count.
 */
class ReplayIdempotenceTest {
    @TempDir static Path dir;
    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = LocalKafkaBroker.startOnFreePort(dir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aSecondReplayIsARedeliveryOfEveryEvent() throws Exception {
        ReplayPlan plan = ReplayFixture.plan();
        int n = plan.events().size();
        StringWriter log = new StringWriter();

        for (int replay = 0; replay < 2; replay++) {
            try (ReplaySender sender = new ReplaySender(broker.bootstrapServers())) {
                assertThat(Replayer.send(plan, sender, 0, new PrintWriter(log, true))).isEqualTo(n);
            }
        }
        List<ConsumerRecord<String, byte[]>> records = readTopic(2 * n);

        assertThat(records).hasSize(2 * n);
        Map<String, List<ConsumerRecord<String, byte[]>>> byId = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            InteractionEvent event = InteractionEventCodec.fromJson(record.value());
            assertThat(record.key()).isEqualTo(event.userId());
            byId.computeIfAbsent(event.eventId(), id -> new ArrayList<>()).add(record);
        }
        assertThat(byId).hasSize(n);
        for (List<ConsumerRecord<String, byte[]>> copies : byId.values()) {
            assertThat(copies).hasSize(2);
            ConsumerRecord<String, byte[]> first = copies.get(0);
            ConsumerRecord<String, byte[]> second = copies.get(1);
            assertThat(second.key()).isEqualTo(first.key());
            assertThat(second.partition()).isEqualTo(first.partition());
            assertThat(second.offset()).isGreaterThan(first.offset());
            assertThat(new String(second.value(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(first.value(), StandardCharsets.UTF_8));
        }
        // What a consumer dropping redeliveries keeps is the plan, once, in each listener's order.
        Set<String> seen = new HashSet<>();
        List<InteractionEvent> counted = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            InteractionEvent event = InteractionEventCodec.fromJson(record.value());
            if (seen.add(event.eventId())) {
                counted.add(event);
            }
        }
        assertThat(counted).containsExactlyInAnyOrderElementsOf(plan.events());
        for (String user : List.of("lastfm-2", "lastfm-5")) {
            assertThat(counted.stream().filter(e -> e.userId().equals(user)).toList())
                    .isEqualTo(
                            plan.events().stream().filter(e -> e.userId().equals(user)).toList());
        }
        // Listener 3 has no artist in the catalogue: nothing under that key.
        assertThat(records).noneMatch(r -> r.key().equals("lastfm-3"));
        assertThat(log.toString()).contains("replay sent events=" + n + " acknowledged=" + n);
    }

    /** Every record of user-interactions, partition by partition in offset order. */
    private static List<ConsumerRecord<String, byte[]>> readTopic(int expected) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(
                        config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                partitions.add(new TopicPartition(Topics.USER_INTERACTIONS, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                                return records.size() >= expected;
                            });
            // Anything beyond the expected records would be a duplicate the producer wrote.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        records.sort(
                java.util.Comparator.comparingInt(
                                (ConsumerRecord<String, byte[]> r) -> r.partition())
                        .thenComparingLong(ConsumerRecord::offset));
        return records;
    }
}
