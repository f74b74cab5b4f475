package org.lambdamusic.clustertests;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;

/**
 * The speed layer's views as the serving layer reads them: the latest {@code user-profiles} record
 * of each listener (read committed, from the beginning of the compacted topic to its end).
 */
final class SpeedViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpeedViews() {}

    /**
     * Reads the views of the listeners whose id starts with {@code prefix} until {@code complete}
     * holds for them (within 3 minutes), and returns them.
     */
    static Map<String, UserProfileView> await(
            String prefix, String what, Predicate<Map<String, UserProfileView>> complete) {
        AtomicReference<Map<String, UserProfileView>> views = new AtomicReference<>(Map.of());
        Awaitility.await(what)
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> {
                            views.set(latest(u -> u.startsWith(prefix)));
                            return complete.test(views.get());
                        });
        return views.get();
    }

    /** The ids of a view's events, in offset order; none for a listener without a view. */
    static List<String> eventIds(UserProfileView view) {
        return view == null
                ? List.of()
                : view.events().stream().map(RecentInteraction::eventId).toList();
    }

    static Map<String, UserProfileView> latest(Predicate<String> users) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ClusterPipeline.BOOTSTRAP);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<String, UserProfileView> views = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(Topics.USER_PROFILES, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("user-profiles not read to its end in 60 s");
                }
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() == null || !users.test(record.key())) {
                        continue;
                    }
                    if (record.value() == null) {
                        views.remove(record.key());
                    } else {
                        views.put(record.key(), parse(record.value()));
                    }
                }
            }
        }
        return views;
    }

    private static UserProfileView parse(String json) {
        try {
            return JSON.readValue(json, UserProfileView.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
