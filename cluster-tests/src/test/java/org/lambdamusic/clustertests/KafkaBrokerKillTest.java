package org.lambdamusic.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.view.UserProfileView;

/**
 * Proves: with one of the three Kafka nodes killed (kill -9 of the leader of a {@code
 * user-interactions} partition) under a steady stream of {@code POST /api/interact} to both serving
 * instances, every interaction is counted exactly once by the speed layer (its event id once in the
 * listener's view) and by both instances' {@code /api/user}. The client behaves as the API asks: it
 * sends its own {@code event_id} and retries a 503 with the same one, since a send Kafka did not
 * acknowledge in time may have been stored all the same. The node restarts on its data ({@code
 * ./pipeline up}) and every partition is back to three in-sync replicas.
 */
@Order(2)
@ExtendWith(ClusterPipelineExtension.class)
class KafkaBrokerKillTest {
    private static final int USERS = 24;
    private static final int SENDERS = 4;

    /** Interactions accepted before the kill, and again once the broker is back in sync. */
    private static final int ACCEPTED_BEFORE_KILL = 100;

    private static final int ACCEPTED_AFTER_RESTART = 100;

    private static final Duration DOWN = Duration.ofSeconds(10);
    private static final String[] TYPES = {"play", "play", "like", "skip"};

    /** One interaction: its id, its listener, the statuses of its attempts (the last one 202). */
    private record Sent(String user, String eventId, List<Integer> attempts) {}

    @Test
    void everyAcceptedInteractionIsCountedOnceThroughABrokerKill(ClusterPipeline cluster)
            throws Exception {
        ServingApi[] instances = {
            new ServingApi(ClusterPipeline.SERVING_1), new ServingApi(ClusterPipeline.SERVING_2)
        };
        String prefix = "broker-kill-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> users = new ArrayList<>();
        Map<String, String> tokens = new HashMap<>();
        for (int i = 0; i < USERS; i++) {
            users.add(prefix + i);
            tokens.put(prefix + i, cluster.token(prefix + i));
        }
        List<String> tracks = Catalog.trackIds(instances[0], 50);

        List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int s = 0; s < SENDERS; s++) {
            senders.submit(
                    () -> {
                        while (sending.get()) {
                            int n = sequence.getAndIncrement();
                            String user = users.get(n % USERS);
                            String eventId = UUID.randomUUID().toString();
                            List<Integer> attempts = new ArrayList<>();
                            // Through one instance, then the other on a 503 (as a client behind
                            // the proxy would be), with the same event id each time.
                            for (int a = 0; attempts.size() < 60; a++) {
                                int status =
                                        instances[(n + a) % 2]
                                                .interact(
                                                        tokens.get(user),
                                                        user,
                                                        tracks.get(n % tracks.size()),
                                                        TYPES[n % TYPES.length],
                                                        eventId)
                                                .status();
                                attempts.add(status);
                                if (status != 503) {
                                    break;
                                }
                                // Not a wait: a client's back-off before its next attempt.
                                sleepQuietly(500);
                            }
                            sent.add(new Sent(user, eventId, attempts));
                            // Not a wait: it paces each sender's load.
                            sleepQuietly(20);
                        }
                    });
        }

        String victim;
        long killedAt;
        Duration restartTook;
        long isrBackAt;
        try (Admin admin = admin()) {
            await("interactions accepted before the kill")
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> sent.size() >= ACCEPTED_BEFORE_KILL);
            int leader =
                    describe(admin).get(Topics.USER_INTERACTIONS).partitions().get(0).leader().id();
            victim = "kafka-" + leader;
            cluster.kill9(victim);
            killedAt = System.nanoTime();
            // Not a wait for a condition: the broker stays dead this long while clients send.
            Thread.sleep(DOWN.toMillis());
            restartTook = cluster.up();
            await("every partition back to 3 in-sync replicas")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> fullIsr(admin));
            isrBackAt = System.nanoTime();
            int sentWhenBack = sent.size();
            await("interactions accepted with the broker back")
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> sent.size() >= sentWhenBack + ACCEPTED_AFTER_RESTART);
        } finally {
            sending.set(false);
            senders.shutdown();
            senders.awaitTermination(1, TimeUnit.MINUTES);
        }

        Map<String, Set<String>> accepted = new HashMap<>();
        Map<Integer, Integer> statuses = new HashMap<>();
        int retried = 0;
        for (Sent s : sent) {
            s.attempts().forEach(status -> statuses.merge(status, 1, Integer::sum));
            retried += s.attempts().size() > 1 ? 1 : 0;
            assertThat(s.attempts().get(s.attempts().size() - 1))
                    .as("last answer to " + s.eventId() + " " + s.attempts())
                    .isEqualTo(202);
            accepted.computeIfAbsent(s.user(), u -> new HashSet<>()).add(s.eventId());
        }
        int acceptedCount = sent.size();
        assertThat(statuses.keySet())
                .as("answers other than 202 and the documented 503 (Kafka did not acknowledge)")
                .isSubsetOf(202, 503);

        // Counted by the speed layer: every accepted id once in its listener's view.
        Map<String, UserProfileView> views =
                SpeedViews.await(
                        prefix,
                        "every accepted interaction in the speed layer's views",
                        latest ->
                                accepted.entrySet().stream()
                                        .allMatch(
                                                e ->
                                                        SpeedViews.eventIds(latest.get(e.getKey()))
                                                                .containsAll(e.getValue())));
        double caughtUpSeconds = (System.nanoTime() - killedAt) / 1e9;
        int counted = 0;
        int doubled = 0;
        int unknown = 0;
        for (String user : users) {
            List<String> ids = SpeedViews.eventIds(views.get(user));
            Set<String> distinct = new HashSet<>(ids);
            doubled += ids.size() - distinct.size();
            counted += ids.size();
            distinct.removeAll(accepted.getOrDefault(user, Set.of()));
            unknown += distinct.size();
        }
        int lost = acceptedCount - (counted - doubled - unknown);
        assertThat(doubled).as("events counted twice").isZero();
        assertThat(lost).as("interactions not counted").isZero();
        assertThat(unknown).as("events in the views that were never sent").isZero();

        // Counted by both instances alike (each has read the views by now or shortly).
        for (String user : users) {
            long expected = views.get(user).events().size();
            await(user + " counted " + expected + " times by both instances")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(
                            () -> {
                                ServingApi.Answer one =
                                        instances[0].get("/api/user/" + user, tokens.get(user));
                                ServingApi.Answer two =
                                        instances[1].get("/api/user/" + user, tokens.get(user));
                                return one.status() == 200
                                        && one.body().equals(two.body())
                                        && total(one) == expected;
                            });
        }

        System.out.printf(
                "RELIABILITY kafka-broker-kill: killed %s; interactions sent %d in %d requests"
                        + " (%d answered 503 and were retried with their event_id), accepted %d,"
                        + " counted %d, lost %d, doubled %d; ./pipeline up restarted it in %.1f s,"
                        + " ISR 3/3 again %.1f s after the kill; views complete %.1f s after the"
                        + " kill%n",
                victim,
                sent.size(),
                statuses.values().stream().mapToInt(Integer::intValue).sum(),
                retried,
                acceptedCount,
                counted,
                lost,
                doubled,
                restartTook.toMillis() / 1000.0,
                (isrBackAt - killedAt) / 1e9,
                caughtUpSeconds);
    }

    private static long total(ServingApi.Answer user) {
        var counts = user.body().path("counts");
        return counts.path("play").asLong()
                + counts.path("like").asLong()
                + counts.path("skip").asLong();
    }

    static Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ClusterPipeline.BOOTSTRAP);
        return Admin.create(props);
    }

    private static Map<String, TopicDescription> describe(Admin admin) throws Exception {
        return admin.describeTopics(Topics.ALL.stream().map(Topics.TopicSpec::name).toList())
                .allTopicNames()
                .get(30, TimeUnit.SECONDS);
    }

    private static boolean fullIsr(Admin admin) throws Exception {
        return describe(admin).values().stream()
                .flatMap(t -> t.partitions().stream())
                .allMatch(p -> p.isr().size() == 3);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
