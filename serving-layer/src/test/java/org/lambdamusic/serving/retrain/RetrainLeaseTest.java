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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The retrain lease against the real local S3 server (s3proxy): the conditional writes it relies on
 * are honoured, and two holders racing for it, over and over, never hold it at the same time.
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
        return new RetrainLease(testObjects, JSON, owner, ttl, Duration.ofMillis(200), clock);
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

    @Test
    void twoHoldersRacingNeverHoldTheLeaseAtOnce() throws Exception {
        RetrainLease a = lease("instance-a", Duration.ofSeconds(30), Clock.systemUTC());
        RetrainLease b = lease("instance-b", Duration.ofSeconds(30), Clock.systemUTC());
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger maxHolding = new AtomicInteger();
        AtomicInteger wins = new AtomicInteger();
        int rounds = Integer.getInteger("lease.rounds", 25);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> racers = new ArrayList<>();
            for (RetrainLease lease : List.of(a, b)) {
                racers.add(
                        threads.submit(
                                () -> {
                                    for (int round = 0; round < rounds; round++) {
                                        start.await(30, TimeUnit.SECONDS);
                                        RetrainLease.Attempt attempt =
                                                lease.tryAcquire(lease.owner() + "-" + round);
                                        if (attempt.acquired()) {
                                            int now = holding.incrementAndGet();
                                            maxHolding.accumulateAndGet(now, Math::max);
                                            wins.incrementAndGet();
                                            // Not a wait: holds the lease a moment so that an
                                            // overlapping holder would be counted.
                                            Thread.sleep(20);
                                            holding.decrementAndGet();
                                            attempt.held().release();
                                        }
                                        // Both wait for the round to end before racing again.
                                        start.await(30, TimeUnit.SECONDS);
                                    }
                                    return null;
                                }));
            }
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> racer : racers) {
                try {
                    racer.get(2, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            failures.forEach(Throwable::printStackTrace);
            assertThat(failures).isEmpty();
        } finally {
            threads.shutdownNow();
        }
        assertThat(maxHolding.get()).as("holders at the same time").isEqualTo(1);
        // Mostly one winner a round (two when the slower racer only read the lease after the
        // faster one had released it, which is no overlap; none when both read back a write
        // that was not theirs: safe, the next round tries again).
        assertThat(wins.get()).as("rounds won").isBetween(rounds / 2, 2 * rounds);
    }
}
