package org.lambdamusic.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;

/**
 * Proves: with one of the Flink session cluster's two TaskManagers killed (kill -9) while events
 * stream in, the speed job (parallelism 3, so it runs on both) restarts from its last completed
 * checkpoint, at parallelism 3 again once the TaskManager is back ({@code ./pipeline up}), and
 * every listener's view ends up exactly as an uninterrupted run leaves it: each event acknowledged
 * by Kafka once, in offset order, none missing, none twice.
 */
@Order(3)
@ExtendWith(ClusterPipelineExtension.class)
class TaskManagerKillTest {
    private static final int USERS = 40;
    private static final long EVENTS_PER_SECOND = 150;
    private static final Duration DOWN = Duration.ofSeconds(5);
    private static final InteractionType[] TYPES = {
        InteractionType.PLAY, InteractionType.PLAY, InteractionType.LIKE, InteractionType.SKIP
    };

    private final FlinkRest flink = new FlinkRest();

    @Test
    void theJobRecoversFromItsCheckpointAndTheViewsEqualAnUninterruptedRun(ClusterPipeline cluster)
            throws Exception {
        String before = flink.speedJob().orElseThrow();
        assertThat(flink.maxParallelism(before)).isEqualTo(3);
        await("a first completed checkpoint")
                .atMost(Duration.ofMinutes(2))
                .until(() -> flink.completedCheckpoints(before) > 0);

        String prefix = "tm-kill-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> tracks = Catalog.trackIds(new ServingApi(ClusterPipeline.SERVING_1), 60);
        Map<String, List<String>> acknowledged = new HashMap<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread stream =
                new Thread(
                        () -> produce(prefix, tracks, producing, sent, failed, acknowledged),
                        "tm-kill-stream");
        long checkpointsAtStart = flink.completedCheckpoints(before);
        stream.start();

        // The kill falls after a checkpoint that holds streamed events, with more in flight.
        await("a checkpoint completed while the stream runs")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> flink.completedCheckpoints(before) > checkpointsAtStart);
        long checkpointsBeforeKill = flink.completedCheckpoints(before);
        cluster.kill9("flink-taskmanager-1");
        long killedAt = System.nanoTime();
        // Not a wait for a condition: the TaskManager stays dead this long while events stream.
        Thread.sleep(DOWN.toMillis());
        Duration upTook = cluster.up();
        await("the speed job running again with every task, the stream still on")
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            Optional<String> job = flink.speedJob();
                            return job.isPresent() && flink.allRunning(job.get());
                        });
        double runningAgain = (System.nanoTime() - killedAt) / 1e9;
        // Events the recovered job reads live, not only from before the kill.
        int sentWhenRunning = sent.get();
        await("events streamed to the recovered job")
                .atMost(Duration.ofMinutes(1))
                .until(() -> sent.get() >= sentWhenRunning + 3 * EVENTS_PER_SECOND);
        producing.set(false);
        stream.join();
        assertThat(failed.get()).as("sends Kafka did not acknowledge").isZero();
        String after = flink.speedJob().orElseThrow();
        assertThat(flink.maxParallelism(after)).as("parallelism after recovery").isEqualTo(3);
        JsonNode restored = flink.restored(after);
        assertThat(restored.path("id").isNumber())
                .as("the job restored a checkpoint: " + restored)
                .isTrue();
        assertThat(restored.path("id").asLong())
                .as("restored from the last checkpoint before the kill or a later one")
                .isGreaterThanOrEqualTo(checkpointsBeforeKill);

        Map<String, List<String>> expected;
        synchronized (acknowledged) {
            expected = Map.copyOf(acknowledged);
        }
        Map<String, UserProfileView> views =
                SpeedViews.await(
                        prefix,
                        "every listener's view equal to the events acknowledged, in order",
                        latest ->
                                expected.entrySet().stream()
                                        .allMatch(
                                                e ->
                                                        SpeedViews.eventIds(latest.get(e.getKey()))
                                                                .equals(e.getValue())));
        double viewsComplete = (System.nanoTime() - killedAt) / 1e9;
        assertThat(views.keySet()).isEqualTo(expected.keySet());
        int counted = 0;
        for (UserProfileView view : views.values()) {
            counted += view.events().size();
            List<Long> offsets = view.events().stream().map(RecentInteraction::offset).toList();
            assertThat(offsets).as(view.userId() + " offsets").isSorted().doesNotHaveDuplicates();
        }

        System.out.printf(
                "RELIABILITY taskmanager-kill: killed flink-taskmanager-1 (job %s, parallelism 3,"
                        + " %d checkpoints completed before); sent %d, acknowledged %d, counted %d,"
                        + " lost 0, doubled 0; restored checkpoint %s; ./pipeline up %.1f s; job"
                        + " running at parallelism 3 again %.1f s after the kill, views complete"
                        + " %.1f s after the kill (job %s)%n",
                before,
                checkpointsBeforeKill,
                sent.get(),
                sent.get() - failed.get(),
                counted,
                restored.path("id").asText(),
                upTook.toMillis() / 1000.0,
                runningAgain,
                viewsComplete,
                after);
    }

    /** A steady stream, keyed by listener as the serving layer keys it; ids kept once acked. */
    private static void produce(
            String prefix,
            List<String> tracks,
            AtomicBoolean producing,
            AtomicInteger sent,
            AtomicInteger failed,
            Map<String, List<String>> acknowledged) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ClusterPipeline.BOOTSTRAP);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        long periodNanos = 1_000_000_000L / EVENTS_PER_SECOND;
        long next = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (int n = 0; producing.get(); n++) {
                String user = prefix + (n % USERS);
                InteractionEvent event =
                        new InteractionEvent(
                                UUID.randomUUID().toString(),
                                user,
                                tracks.get(n % tracks.size()),
                                TYPES[n % TYPES.length],
                                System.currentTimeMillis());
                // Ids are listed in send order: one producer, idempotent, keyed by user, so a
                // user's acknowledged events sit in the partition in this order.
                synchronized (acknowledged) {
                    acknowledged.computeIfAbsent(user, u -> new ArrayList<>()).add(event.eventId());
                }
                sent.incrementAndGet();
                producer.send(
                        new ProducerRecord<>(
                                Topics.USER_INTERACTIONS,
                                user,
                                InteractionEventCodec.toJson(event)),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                        });
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    // Not a wait: it paces the stream at EVENTS_PER_SECOND.
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
