package org.lambdamusic.speed.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.speed.job.SpeedSettings;
import org.lambdamusic.speed.profile.ProfileUpdate;
import org.lambdamusic.speed.profile.ProfileViewWriter;
import org.lambdamusic.speed.profile.UserEventLog;
import org.lambdamusic.speed.validation.PositionedEvent;

/**
 * The profile view writer alone, on the job's own classes: for each user a {@link UserEventLog}
 * built by the job's {@code UserEventLog.apply} from events like the real ones (UUID event ids,
 * track ids of the real catalogue drawn with Zipf over popularity, 70/15/15 play/like/skip, one
 * second apart, consecutive offsets), then per round one new event applied and one view written per
 * user, exactly as {@code UserProfileFunction.publish} does ({@code ProfileViewWriter.write} into
 * one reused 16 KB buffer, wrapped in a {@code ProfileUpdate}). Only the write is timed, per view,
 * so the figure is the view's share of the job's CPU; warm-up rounds first, in the same JVM.
 *
 * <p>Knobs (environment): {@code VIEWS_BENCH_USERS} (5000), {@code VIEWS_BENCH_EVENTS} (200 events
 * in each user's log: what {@code ./pipeline bench speed} leaves, 1,000,000 events over 5,000
 * users), {@code VIEWS_BENCH_WARMUP_ROUNDS} (20), {@code VIEWS_BENCH_ROUNDS} (20), {@code
 * SPEED_LOG_RETENTION} and {@code SPEED_LOG_MAX_EVENTS} (the job's settings), {@code
 * BENCH_CATALOG}, {@code BENCH_ZIPF_EXPONENT} (1.1), as in {@link SpeedBenchmark}.
 */
public final class ViewWriterBenchmark {
    // The job's operator builds its writer with this capacity (UserProfileFunction.open).
    private static final int WRITER_CAPACITY = 16 * 1024;

    private ViewWriterBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int users = Integer.parseInt(env.getOrDefault("VIEWS_BENCH_USERS", "5000"));
        int logEvents = Integer.parseInt(env.getOrDefault("VIEWS_BENCH_EVENTS", "200"));
        int warmupRounds = Integer.parseInt(env.getOrDefault("VIEWS_BENCH_WARMUP_ROUNDS", "20"));
        int rounds = Integer.parseInt(env.getOrDefault("VIEWS_BENCH_ROUNDS", "20"));
        double zipf = Double.parseDouble(env.getOrDefault("BENCH_ZIPF_EXPONENT", "1.1"));
        Path catalogFile =
                Path.of(
                        env.getOrDefault(
                                "BENCH_CATALOG", "../shared/datasets/spotify_tracks.csv.gz"));
        // The same settings and defaults as the job.
        SpeedSettings settings = SpeedSettings.fromEnvironment();
        long retentionMs = settings.logRetention().toMillis();
        int maxEvents = settings.logMaxEvents();

        ZipfCatalog catalog = ZipfCatalog.load(catalogFile, zipf);
        SplittableRandom random = new SplittableRandom(42);
        String[] userIds = new String[users];
        UserEventLog[] states = new UserEventLog[users];
        // One clock per user: each user's events are one second apart, so retention drops none.
        long[] clocks = new long[users];
        java.util.Arrays.fill(clocks, System.currentTimeMillis() - 30L * 24 * 3600 * 1000);
        long[] offset = {0};
        for (int u = 0; u < users; u++) {
            userIds[u] = "user-" + u;
            states[u] = new UserEventLog();
            for (int i = 0; i < logEvents; i++) {
                states[u].apply(
                        event(random, catalog, userIds[u], clocks, u, offset),
                        retentionMs,
                        maxEvents);
            }
        }
        long seedEvents = 0;
        for (UserEventLog state : states) {
            seedEvents += state.size();
        }

        ProfileViewWriter writer = new ProfileViewWriter(WRITER_CAPACITY);
        long[] nanos = new long[users * rounds];
        long bytes = 0;
        int minBytes = Integer.MAX_VALUE;
        int maxBytes = 0;
        long measuredNanos = 0;
        long wallStart = 0;
        for (int round = 0; round < warmupRounds + rounds; round++) {
            boolean measured = round >= warmupRounds;
            if (round == warmupRounds) {
                wallStart = System.nanoTime();
            }
            for (int u = 0; u < users; u++) {
                states[u].apply(
                        event(random, catalog, userIds[u], clocks, u, offset),
                        retentionMs,
                        maxEvents);
                long start = System.nanoTime();
                ProfileUpdate update =
                        new ProfileUpdate(userIds[u], writer.write(userIds[u], states[u]));
                long took = System.nanoTime() - start;
                if (measured) {
                    nanos[(round - warmupRounds) * users + u] = took;
                    measuredNanos += took;
                    bytes += update.json().length;
                    minBytes = Math.min(minBytes, update.json().length);
                    maxBytes = Math.max(maxBytes, update.json().length);
                }
            }
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;

        // Allocation of the writes alone: one more pass without the new events (whose UUID strings
        // would count too), measured on this thread by the JVM's own counter.
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long sink = 0;
        for (int u = 0; u < users; u++) {
            sink += (writer.write(userIds[u], states[u])).length;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

        long views = (long) users * rounds;
        Percentiles p = Percentiles.of(nanos);
        String summary =
                String.format(
                        "%n| measure | value |%n|---|---|%n"
                                + "| setup | %,d users, %,.0f events per user's log (retention %s, max %,d), %,d catalog tracks (Zipf s=%.1f) |%n"
                                + "| rounds | %d warm-up + %d measured, one new event then one view per user each |%n"
                                + "| views measured | %,d |%n"
                                + "| bytes per view | mean %,d (min %,d, max %,d) |%n"
                                + "| views/s, writer alone (views / time inside write) | %,d |%n"
                                + "| views/s, whole measured rounds (apply + write + timing) | %,d |%n"
                                + "| write time per view | mean %.2f µs, p50 %.2f µs, p95 %.2f µs, p99 %.2f µs, max %.1f µs |%n"
                                + "| allocated per view (writes only, %,d views) | %,d B |%n",
                        users,
                        (double) seedEvents / users,
                        settings.logRetention(),
                        maxEvents,
                        catalog.size(),
                        zipf,
                        warmupRounds,
                        rounds,
                        views,
                        bytes / Math.max(1, views),
                        minBytes,
                        maxBytes,
                        Math.round(views / (measuredNanos / 1e9)),
                        Math.round(views / wallSeconds),
                        measuredNanos / 1e3 / views,
                        p.p50() / 1e3,
                        p.p95() / 1e3,
                        p.p99() / 1e3,
                        p.max() / 1e3,
                        users,
                        allocated / Math.max(1, users));
        System.out.println(summary);
        if (sink == 0) {
            throw new IllegalStateException("no view written");
        }
    }

    /** An event like the real ones, one second and one offset after the previous one. */
    private static PositionedEvent event(
            SplittableRandom random,
            ZipfCatalog catalog,
            String userId,
            long[] clocks,
            int user,
            long[] offset) {
        double kind = random.nextDouble();
        InteractionType type =
                kind < 0.7
                        ? InteractionType.PLAY
                        : kind < 0.85 ? InteractionType.LIKE : InteractionType.SKIP;
        clocks[user] += 1000;
        return new PositionedEvent(
                0,
                offset[0]++,
                new InteractionEvent(
                        new UUID(random.nextLong(), random.nextLong()).toString(),
                        userId,
                        catalog.draw(random),
                        type,
                        clocks[user]));
    }
}
