package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;

/**
 * Test access to what the job reads and writes: write payloads, read a whole topic as it is now,
 * the latest profile views, the archive's lines.
 */
final class TopicIo {
    private TopicIo() {}

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(
                new ProducerRecord<>(
                        topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    /** Every record currently in the topic, in partition then offset order. */
    static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    // Headers kept (a dead letter's traceparent).
                    out.add(
                            new ConsumerRecord<>(
                                    r.topic(),
                                    r.partition(),
                                    r.offset(),
                                    r.timestamp(),
                                    r.timestampType(),
                                    r.serializedKeySize(),
                                    r.serializedValueSize(),
                                    r.key() == null
                                            ? null
                                            : new String(r.key(), StandardCharsets.UTF_8),
                                    r.value(),
                                    r.headers(),
                                    r.leaderEpoch()));
                }
            }
        }
        return out;
    }

    /**
     * Each user's newest {@code user-profiles} view; every view read must be keyed by its user id
     * and name each event's id.
     */
    static Map<String, UserProfileView> latestProfiles(String bootstrap) {
        Map<String, UserProfileView> latest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : readAll(bootstrap, Topics.USER_PROFILES)) {
            UserProfileView view = read(r.value(), UserProfileView.class);
            assertThat(r.key()).isEqualTo(view.userId());
            assertThat(view.events()).extracting(RecentInteraction::eventId).doesNotContainNull();
            latest.put(r.key(), view);
        }
        return latest;
    }

    /** A contracts JSON payload. */
    static <T> T read(byte[] json, Class<T> type) {
        try {
            return ContractsJson.read(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under the archive (committed parts and anything else), with its size. */
    static List<String> archiveFiles(Path archive) {
        if (!Files.isDirectory(archive)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(archive)) {
            return files.filter(Files::isRegularFile)
                    .map(
                            p -> {
                                try {
                                    return archive.relativize(p) + " (" + Files.size(p) + " B)";
                                } catch (IOException e) {
                                    return archive.relativize(p) + " (gone)";
                                }
                            })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line of the archive's part files under {@code archive}; none when it is absent. */
    static List<String> archivedLines(Path archive) {
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
}
