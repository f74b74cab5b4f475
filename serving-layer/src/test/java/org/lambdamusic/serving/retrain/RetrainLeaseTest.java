package org.lambdamusic.serving.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.localstack.LocalObjectStore;
import org.lambdamusic.serving.model.ConditionalObjects;
import org.lambdamusic.serving.model.ModelProperties;
import org.lambdamusic.serving.model.ObjectStoreClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The retrain lease against the real local S3 server (local-stack's s3proxy, whose conditional
 * writes are atomic): the conditions it relies on are honoured; a held lease is busy until released
 * or expired, then taken over; and holders racing for it, round after round, take it exactly once a
 * round.
 */
class RetrainLeaseTest {
    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .findAndAddModules()
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .build();

    @TempDir static Path dir;
    static LocalObjectStore store;
    static S3Client s3;
    static ConditionalObjects objects;
    private static final AtomicInteger ROOTS = new AtomicInteger();

    @BeforeAll
    static void startStore() {
        store = LocalObjectStore.startOnFreePort(dir);
        s3 = new ObjectStoreClient().s3Client(store.settings());
        objects = objects("models");
    }

    private static ConditionalObjects objects(String root) {
        return new ConditionalObjects(
                s3, store.settings(), new ModelProperties(root, Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stopStore() {
        if (s3 != null) {
            s3.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** Each test has a lease of its own (a model root of its own), so none sees another's. */
    private ConditionalObjects testObjects;

    @BeforeEach
    void ownRoot() {
        testObjects = objects("models-" + ROOTS.incrementAndGet());
    }

    private RetrainLease lease(String owner, Duration ttl, Clock clock) {
        return new RetrainLease(testObjects, JSON, owner, ttl, clock);
    }

    @Test
    void theStoreHonoursIfNoneMatchAndIfMatch() {
        byte[] one = "one".getBytes(StandardCharsets.UTF_8);
        byte[] two = "two".getBytes(StandardCharsets.UTF_8);
        String first = objects.create("cas-check", one).orElseThrow();
        assertThat(objects.create("cas-check", two))
                .as("If-None-Match: * on a present object")
                .isEmpty();
        assertThat(objects.replace("cas-check", two, "\"0000\""))
                .as("If-Match, wrong ETag")
                .isEmpty();
        String second = objects.replace("cas-check", two, first).orElseThrow();
        assertThat(objects.replace("cas-check", one, first)).as("If-Match, stale ETag").isEmpty();
        assertThat(objects.read("cas-check").orElseThrow().bytes()).isEqualTo(two);
        assertThat(objects.read("cas-check").orElseThrow().etag()).isEqualTo(second);
        assertThat(objects.replace("absent", one, first)).as("If-Match on no object").isEmpty();
    }

    @Test
    void aHeldLeaseIsBusyUntilReleasedThenTheOtherTakesIt() {
        RetrainLease a = lease("a", Duration.ofSeconds(30), Clock.systemUTC());
        RetrainLease b = lease("b", Duration.ofSeconds(30), Clock.systemUTC());
        RetrainLease.Attempt first = a.tryAcquire("run-a");
        assertThat(first.acquired()).isTrue();
        RetrainLease.Attempt second = b.tryAcquire("run-b");
        assertThat(second.acquired()).isFalse();
        assertThat(second.busyWith().runId()).isEqualTo("run-a");
        assertThat(second.busyWith().owner()).isEqualTo("a");
        assertThat(b.holder()).map(RetrainLease.Holder::runId).contains("run-a");
        assertThat(first.held().renew()).isTrue();
        first.held().release();
        assertThat(b.holder()).isEmpty();
        RetrainLease.Attempt third = b.tryAcquire("run-b2");
        assertThat(third.acquired()).isTrue();
        third.held().release();
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsHolderCanNoLongerRenew() {
        Instant now = Instant.now();
        RetrainLease crashed =
                lease("crashed", Duration.ofSeconds(5), Clock.fixed(now, ZoneOffset.UTC));
        RetrainLease.Attempt stale = crashed.tryAcquire("run-stale");
        assertThat(stale.acquired()).isTrue();
        // Another instance, 6 s later by its clock: the lease has expired.
        RetrainLease later =
                lease(
                        "later",
                        Duration.ofSeconds(5),
                        Clock.fixed(now.plusSeconds(6), ZoneOffset.UTC));
        RetrainLease.Attempt takeover = later.tryAcquire("run-later");
        assertThat(takeover.acquired()).isTrue();
        assertThat(stale.held().renew()).as("the old holder learns it lost the lease").isFalse();
        takeover.held().release();
    }

    /**
     * Several instances' leases race for it at once, round after round, with no pause anywhere:
     * each round exactly one takes it, and every other is told that run holds it (what its 409
     * names). The winner releases only when all have tried, so the next round races again for a
     * released lease: If-None-Match on the absent lease in round 0, If-Match on one ETag after.
     */
    @Test
    void racingHoldersTakeTheLeaseExactlyOnceARound() throws Exception {
        int racers = Integer.getInteger("lease.racers", 6);
        int rounds = Integer.getInteger("lease.rounds", 200);
        List<RetrainLease> leases = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            leases.add(lease("instance-" + i, Duration.ofSeconds(30), Clock.systemUTC()));
        }
        AtomicIntegerArray taken = new AtomicIntegerArray(rounds);
        AtomicReferenceArray<String> winner = new AtomicReferenceArray<>(rounds);
        Map<Integer, List<String>> busyWith = new ConcurrentHashMap<>();
        CyclicBarrier step = new CyclicBarrier(racers);
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (RetrainLease lease : leases) {
                running.add(
                        threads.submit(
                                () -> {
                                    for (int round = 0; round < rounds; round++) {
                                        step.await(30, TimeUnit.SECONDS);
                                        String runId = lease.owner() + "-" + round;
                                        RetrainLease.Attempt attempt = lease.tryAcquire(runId);
                                        if (attempt.acquired()) {
                                            taken.incrementAndGet(round);
                                            winner.set(round, runId);
                                        } else {
                                            busyWith.computeIfAbsent(
                                                            round,
                                                            r -> new CopyOnWriteArrayList<>())
                                                    .add(attempt.busyWith().runId());
                                        }
                                        // All have tried; then the winner lets go.
                                        step.await(30, TimeUnit.SECONDS);
                                        if (attempt.acquired()) {
                                            attempt.held().release();
                                        }
                                        step.await(30, TimeUnit.SECONDS);
                                    }
                                    return null;
                                }));
            }
            for (Future<?> racer : running) {
                racer.get(5, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        int[] perRound = new int[rounds];
        for (int round = 0; round < rounds; round++) {
            perRound[round] = taken.get(round);
        }
        assertThat(perRound).as("acquisitions in each round").containsOnly(1);
        for (int round = 0; round < rounds; round++) {
            assertThat(busyWith.get(round))
                    .as("the run the others were told holds the lease, round %d", round)
                    .hasSize(racers - 1)
                    .containsOnly(winner.get(round));
        }
    }
}
