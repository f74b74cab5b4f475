package org.lambdamusic.serving.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows the speed layer's compacted view topics into the features that own them ({@link
 * ViewTopicHandler}s: user profiles, trending): replays each from the beginning at start
 * (compaction keeps the latest view per key, so the replay is the current state), then stays live.
 * One consumer without a group for all of them: every serving instance holds every view. The Kafka
 * client reconnects by itself when the broker comes back.
 */
@Component
public class ViewTopics implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ViewTopics.class);

    private final KafkaClients clients;
    private final Map<String, ViewTopicHandler> handlers = new LinkedHashMap<>();
    private final Map<String, AtomicLong> lag = new HashMap<>();
    private final Map<String, AtomicLong> applied = new HashMap<>();
    private final Map<TopicPartition, Long> consumed = new ConcurrentHashMap<>();
    private final Counter invalid;
    private volatile boolean running;
    private volatile boolean live;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public ViewTopics(KafkaClients clients, List<ViewTopicHandler> handlers, MeterRegistry meters) {
        this.clients = clients;
        for (ViewTopicHandler handler : handlers) {
            if (this.handlers.put(handler.topic(), handler) != null) {
                throw new IllegalStateException("two handlers for topic " + handler.topic());
            }
            AtomicLong topicLag = new AtomicLong(-1);
            lag.put(handler.topic(), topicLag);
            applied.put(handler.topic(), new AtomicLong());
            Gauge.builder("serving.views.lag", topicLag, AtomicLong::get)
                    .tag("topic", handler.topic())
                    .description("records of the view topic not yet applied (-1: unknown)")
                    .register(meters);
        }
        this.invalid =
                Counter.builder("serving.views.invalid")
                        .description("view records that could not be read")
                        .register(meters);
    }

    /**
     * The offset after the last record read (applied or refused as invalid) of a view topic
     * partition; 0 before any. Who wrote offsets up to some point can wait for this to reach it.
     */
    public long consumedUpTo(TopicPartition partition) {
        return consumed.getOrDefault(partition, 0L);
    }

    /** True once the start-up replay has reached the end offsets seen at start. */
    public boolean isLive() {
        return live;
    }

    @Override
    public void start() {
        consumer = clients.consumer("views");
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
            log.info(
                    "speed views replay started topics={} end_offsets={}",
                    handlers.keySet(),
                    replayEnd);
            Duration pollTimeout = clients.properties().viewsPollTimeout();
            while (running) {
                try {
                    ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
                    for (ConsumerRecord<String, byte[]> record : records) {
                        apply(record);
                    }
                    // Once per partition and poll, not per record: records come in offset order.
                    for (TopicPartition partition : records.partitions()) {
                        List<ConsumerRecord<String, byte[]>> read = records.records(partition);
                        consumed.put(partition, read.get(read.size() - 1).offset() + 1);
                    }
                    if (!live && reached(replayEnd)) {
                        live = true;
                        log.info(
                                "speed views caught up records={} replay_ms={}",
                                applied,
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
                for (String topic : handlers.keySet()) {
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
                            handlers.keySet(),
                            clients.bootstrapServers(),
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
            handlers.get(record.topic()).apply(record.key(), record.value(), live);
            applied.get(record.topic()).incrementAndGet();
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
