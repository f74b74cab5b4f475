package org.lambdamusic.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.Topics;

/**
 * What it proves: on cluster mode's Kafka (3 KRaft nodes, contract topics RF 3 and
 * min.insync.replicas 2), a broker killed with SIGKILL (kill -9) while an idempotent {@code
 * acks=all} producer sends a steady stream loses no acknowledged event and duplicates none: read
 * back from the beginning, every acknowledged event is there exactly once (and an event whose send
 * failed, if any, at most once). The killed broker restarts on its own data and catches up: it is
 * back in the ISR of every partition, which Kafka grants only to a replica at the high watermark.
 *
 * <p>It also prints the longest pause between two acknowledgements: a node killed without shutdown
 * stays in the ISRs until the controller fences it (broker session timeout, 9 s by default), and
 * {@code acks=all} writes wait that long.
 *
 * <p>It does not cover consumers or the speed job across the failure (their exactly-once rests on
 * Flink's checkpoints and is tested in the speed layer), nor two brokers down (below min ISR,
 * writes are refused by design).
 */
class KafkaBrokerFaultTest {
    /** Acknowledged writes before the kill: the producer is steady on the healthy cluster. */
    private static final int ACKED_BEFORE_KILL = 500;

    /**
     * Longer than the controller takes to fence a node that stopped heartbeating ({@code
     * broker.session.timeout.ms}, 9 s): until then the dead node is still in every ISR and {@code
     * acks=all} writes wait for it.
     */
    private static final Duration WHILE_DOWN = Duration.ofSeconds(15);

    /** Acknowledged writes after the restart before the producer stops. */
    private static final int ACKED_AFTER_RESTART = 200;

    @TempDir Path dir;

    @Test
    void everyAcknowledgedEventIsReadExactlyOnceAcrossAKilledBroker() throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.startOnFreePorts(dir, 3);
                Admin admin = LocalKafkaClusterTest.admin(cluster)) {
            Set<String> acked = ConcurrentHashMap.newKeySet();
            Set<String> failed = ConcurrentHashMap.newKeySet();
            AtomicLong sent = new AtomicLong();
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicReference<Throwable> producerError = new AtomicReference<>();
            AtomicLong lastAck = new AtomicLong(System.nanoTime());
            AtomicLong longestPause = new AtomicLong();
            Thread producer =
                    new Thread(
                            () ->
                                    produce(
                                            cluster,
                                            producing,
                                            sent,
                                            acked,
                                            failed,
                                            producerError,
                                            lastAck,
                                            longestPause),
                            "steady-producer");
            producer.start();

            await("writes acknowledged before the kill")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> acked.size() >= ACKED_BEFORE_KILL || producerError.get() != null);
            int leader =
                    LocalKafkaClusterTest.describe(admin)
                            .get(Topics.USER_INTERACTIONS)
                            .partitions()
                            .get(0)
                            .leader()
                            .id();
            LocalKafkaBroker victim = cluster.broker(leader);
            long ackedAtKill = acked.size();
            victim.kill(); // SIGKILL: no controlled shutdown, no flush
            // Not a wait for a condition: the fault is held this long, past the fencing of the
            // dead node, so that writes are seen going on without it.
            Thread.sleep(WHILE_DOWN.toMillis());
            long ackedWhileDown = acked.size() - ackedAtKill;
            victim.restart();
            long ackedAtRestart = acked.size();
            await("writes acknowledged after the restart")
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    acked.size() - ackedAtRestart >= ACKED_AFTER_RESTART
                                            || producerError.get() != null);
            producing.set(false);
            producer.join(TimeUnit.MINUTES.toMillis(3));
            assertThat(producerError.get()).isNull();

            // Writes went on with two of three replicas (min ISR 2) while the leader was dead.
            assertThat(ackedWhileDown).isPositive();
            assertThat(acked.size() + failed.size()).isEqualTo(sent.get());

            LocalKafkaClusterTest.awaitFullIsr(admin, Duration.ofSeconds(120));

            Map<String, Integer> counts = readAll(cluster);
            List<String> lostOrDuplicated = new ArrayList<>();
            for (String id : acked) {
                if (counts.getOrDefault(id, 0) != 1) {
                    lostOrDuplicated.add(id + " x" + counts.getOrDefault(id, 0));
                }
            }
            assertThat(lostOrDuplicated).as("acknowledged events not read exactly once").isEmpty();
            for (String id : failed) {
                assertThat(counts.getOrDefault(id, 0)).as(id).isLessThanOrEqualTo(1);
            }
            assertThat(counts.keySet()).allMatch(id -> acked.contains(id) || failed.contains(id));
            System.out.printf(
                    "KafkaBrokerFaultTest: killed node %d; sent %d, acknowledged %d (%d while it"
                            + " was down), failed %d, read back %d distinct, none twice; longest"
                            + " pause between acknowledgements %d ms%n",
                    leader,
                    sent.get(),
                    acked.size(),
                    ackedWhileDown,
                    failed.size(),
                    counts.size(),
                    TimeUnit.NANOSECONDS.toMillis(longestPause.get()));
        }
    }

    /** A steady stream (about 1,000 events/s) until told to stop, then flushes. */
    private static void produce(
            LocalKafkaCluster cluster,
            AtomicBoolean producing,
            AtomicLong sent,
            Set<String> acked,
            Set<String> failed,
            AtomicReference<Throwable> error,
            AtomicLong lastAck,
            AtomicLong longestPause) {
        try (KafkaProducer<String, String> producer = LocalKafkaClusterTest.producer(cluster)) {
            long n = 0;
            while (producing.get()) {
                for (int i = 0; i < 10; i++) {
                    String id = "event-" + n++;
                    sent.incrementAndGet();
                    producer.send(
                            new ProducerRecord<>(Topics.USER_INTERACTIONS, "user-" + (n % 97), id),
                            (metadata, exception) -> {
                                if (exception == null) {
                                    long now = System.nanoTime();
                                    longestPause.accumulateAndGet(
                                            now - lastAck.getAndSet(now), Math::max);
                                    acked.add(id);
                                } else {
                                    failed.add(id);
                                }
                            });
                }
                // Not a wait: it paces the load at about 1,000 writes a second.
                Thread.sleep(10);
            }
            producer.flush();
        } catch (Throwable t) {
            error.set(t);
        }
    }

    /**
     * Every record of user-interactions from the beginning to the end offsets: id -> times read.
     */
    private static Map<String, Integer> readAll(LocalKafkaCluster cluster) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.USER_INTERACTIONS, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read to the end offsets").isLessThan(deadline);
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    counts.merge(r.value(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
