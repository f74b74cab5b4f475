package org.lambdamusic.serving.views;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.config.KafkaSettings;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.serving.interaction.KafkaProperties;
import org.lambdamusic.serving.profile.ListenerProfiles;
import org.lambdamusic.serving.trending.TrendingBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows the speed layer's compacted view topics (user-profiles, trending-tracks) into memory:
 * replays each from the beginning at start (compaction keeps the latest view per key, so the replay
 * is the current state), then stays live. No consumer group: every serving instance holds every
 * view. The Kafka client reconnects by itself when the broker comes back.
 */
@Component
public class SpeedViews implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SpeedViews.class);
    private static final List<String> TOPICS =
            List.of(Topics.USER_PROFILES, Topics.TRENDING_TRACKS);

    private final KafkaProperties properties;
    private final String bootstrapServers;
    private final ListenerProfiles profiles;
    private final TrendingBoard trending;
    private final Map<String, AtomicLong> lag = new HashMap<>();
    private final Counter invalid;
    private volatile boolean running;
    private volatile boolean live;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public SpeedViews(
            KafkaProperties properties,
            KafkaSettings settings,
            ListenerProfiles profiles,
            TrendingBoard trending,
            MeterRegistry meters) {
        this.properties = properties;
        this.bootstrapServers = settings.bootstrapServers();
        this.profiles = profiles;
        this.trending = trending;
        for (String topic : TOPICS) {
            AtomicLong topicLag = new AtomicLong(-1);
            lag.put(topic, topicLag);
            Gauge.builder("serving.views.lag", topicLag, AtomicLong::get)
                    .tag("topic", topic)
                    .description("records of the view topic not yet applied (-1: unknown)")
                    .register(meters);
        }
        this.invalid =
                Counter.builder("serving.views.invalid")
                        .description("view records that could not be read")
                        .register(meters);
    }

    /** True once the start-up replay has reached the end offsets seen at start. */
    public boolean isLive() {
        return live;
    }

    @Override
    public void start() {
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                properties.clientId() + "-views",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest",
                                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                                false,
                                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                                1000,
                                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                                2000),
                        new StringDeserializer(),
                        new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::follow, "speed-views");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = discover();
            if (partitions == null) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> replayEnd = endOffsets(partitions);
            if (replayEnd == null) {
                return;
            }
            long started = System.nanoTime();
            log.info("speed views replay started topics={} end_offsets={}", TOPICS, replayEnd);
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record :
                            consumer.poll(properties.viewsPollTimeout())) {
                        apply(record);
                    }
                    if (!live && reached(replayEnd)) {
                        live = true;
                        log.info(
                                "speed views caught up users={} trending={} replay_ms={}",
                                profiles.usersSeen(),
                                trending.latest().isPresent(),
                                (System.nanoTime() - started) / 1_000_000);
                    }
                    updateLag(partitions);
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    log.warn("speed views poll failed, retrying: {}", e.toString());
                    pause(Duration.ofSeconds(1));
                }
            }
        } catch (WakeupException e) {
            // shutdown
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private List<TopicPartition> discover() {
        boolean logged = false;
        while (running) {
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : TOPICS) {
                    List<PartitionInfo> infos =
                            consumer.partitionsFor(topic, Duration.ofSeconds(5));
                    if (infos == null || infos.isEmpty()) {
                        throw new KafkaException("topic " + topic + " does not exist yet");
                    }
                    infos.forEach(
                            p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
                return partitions;
            } catch (WakeupException e) {
                return null;
            } catch (KafkaException e) {
                if (!logged) {
                    log.warn(
                            "speed views waiting for topics {} on {}: {}",
                            TOPICS,
                            bootstrapServers,
                            e.getMessage());
                    logged = true;
                }
                pause(Duration.ofSeconds(1));
            }
        }
        return null;
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        while (running) {
            try {
                return consumer.endOffsets(partitions, Duration.ofSeconds(5));
            } catch (WakeupException e) {
                return null;
            } catch (KafkaException e) {
                pause(Duration.ofSeconds(1));
            }
        }
        return null;
    }

    private boolean reached(Map<TopicPartition, Long> replayEnd) {
        for (Map.Entry<TopicPartition, Long> end : replayEnd.entrySet()) {
            if (consumer.position(end.getKey(), Duration.ofSeconds(1)) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void updateLag(List<TopicPartition> partitions) {
        Map<String, Long> sums = new HashMap<>();
        for (TopicPartition tp : partitions) {
            var partitionLag = consumer.currentLag(tp);
            if (partitionLag.isEmpty()) {
                return; // not known yet for some partition: keep the last complete figure
            }
            sums.merge(tp.topic(), partitionLag.getAsLong(), Long::sum);
        }
        sums.forEach((topic, value) -> lag.get(topic).set(value));
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            if (Topics.USER_PROFILES.equals(record.topic())) {
                UserProfileView view =
                        record.value() == null
                                ? null
                                : ContractsJson.read(record.value(), UserProfileView.class);
                String userId =
                        record.key() != null ? record.key() : view == null ? null : view.userId();
                if (userId == null) {
                    throw new IOException("profile record without a key or user_id");
                }
                profiles.apply(userId, view, live);
            } else if (Topics.TRENDING_TRACKS.equals(record.topic()) && record.value() != null) {
                trending.update(ContractsJson.read(record.value(), TrendingView.class));
            }
        } catch (IOException | RuntimeException e) {
            invalid.increment();
            log.warn(
                    "unreadable view record topic={} partition={} offset={}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
