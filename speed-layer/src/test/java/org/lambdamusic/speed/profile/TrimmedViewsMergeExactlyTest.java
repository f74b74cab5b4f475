package org.lambdamusic.speed.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.listener.ListenerFold;
import org.lambdamusic.contracts.listener.ListenerMerge;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.speed.served.ServedVersions;
import org.lambdamusic.speed.served.ServedWatermark;
import org.lambdamusic.speed.served.TrimPoint;
import org.lambdamusic.speed.validation.PositionedEvent;

/**
 * The handshake between the speed layer's trimming and the serving layer's merge, on random
 * streams: while versions come in mid-stream (and now and then a rollback by one version), a reader
 * serving the newest version or the one before gets, for every listener, exactly the fold of all
 * the listener's events from the contracts' {@link ListenerMerge} (batch view up to its watermark +
 * the trimmed speed view), with no gap; a reader further behind gets the same answer or a reported
 * gap, never a silently wrong one. The speed side is the job's own code: {@link UserEventLog#apply}
 * with the trim point of {@link ServedVersions}, and {@link UserEventLog#trim} on every listener
 * when a version comes in, as {@link UserProfileOperator} does.
 */
class TrimmedViewsMergeExactlyTest {
    private static final int HISTORY = 5;
    private static final long NO_RETENTION = Long.MAX_VALUE / 4;

    @Test
    void readersOfTheNewestTwoVersionsMergeExactlyAndOlderOnesSeeAGap() {
        int checkedBehind = 0;
        for (long seed = 1; seed <= 200; seed++) {
            checkedBehind += run(new Random(seed));
        }
        // The property about readers two versions behind is not vacuous.
        assertThat(checkedBehind).isPositive();
    }

    /** One random stream; returns how many merges of readers two versions behind were checked. */
    private int run(Random random) {
        int users = 1 + random.nextInt(6);
        int partitions = 1 + random.nextInt(3);
        List<PositionedEvent> all = new ArrayList<>();
        long[] nextOffset = new long[partitions];
        Map<String, UserEventLog> logs = new HashMap<>();
        ServedVersions served = ServedVersions.NONE;
        List<ServedWatermark> history = new ArrayList<>();
        int behindChecks = 0;
        long clock = 1_764_000_000_000L;

        int steps = 20 + random.nextInt(80);
        for (int step = 0; step < steps; step++) {
            if (random.nextInt(6) > 0 || all.isEmpty()) {
                String user = "u" + random.nextInt(users);
                int partition = Math.floorMod(user.hashCode(), partitions);
                long offset = nextOffset[partition];
                // Other producers' records (and dead letters) leave holes in a listener's offsets.
                nextOffset[partition] += 1 + random.nextInt(3);
                InteractionType type = InteractionType.values()[random.nextInt(3)];
                PositionedEvent event =
                        new PositionedEvent(
                                partition,
                                offset,
                                new InteractionEvent(
                                        "e" + step,
                                        user,
                                        "t" + random.nextInt(4),
                                        type,
                                        clock + random.nextInt(10_000)));
                all.add(event);
                logs.computeIfAbsent(user, u -> new UserEventLog())
                        .apply(
                                event,
                                NO_RETENTION,
                                Integer.MAX_VALUE,
                                served.trimPoint().of(partition));
            } else {
                ServedWatermark version = nextVersion(random, history, nextOffset);
                history.add(version);
                served = served.next(version);
                TrimPoint trim = served.trimPoint();
                logs.values().forEach(log -> log.trim(trim.of(log.partition())));
            }
            for (ServedWatermark reader : readers(served)) {
                checkEveryListener(all, logs, reader, true);
            }
            if (history.size() >= 3 && served.previous() != null) {
                // A reader still on a version older than both newest ones.
                ServedWatermark old = history.get(random.nextInt(history.size() - 2));
                checkEveryListener(all, logs, old, false);
                behindChecks++;
            }
        }
        return behindChecks;
    }

    /** A newer watermark (at most what was produced), or now and then the previous one back. */
    private static ServedWatermark nextVersion(
            Random random, List<ServedWatermark> history, long[] produced) {
        if (history.size() >= 2 && random.nextInt(8) == 0) {
            // Rollback by one version: the version before the current one is served again.
            ServedWatermark back = history.get(history.size() - 2);
            return back;
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        ServedWatermark last = history.isEmpty() ? null : history.get(history.size() - 1);
        for (int p = 0; p < produced.length; p++) {
            long before = last == null ? -1 : last.watermark().of(p);
            long covered = before + random.nextInt((int) Math.max(1, produced[p] - before));
            offsets.put(p, Math.min(covered, produced[p] - 1));
        }
        String id =
                ModelVersion.newId(
                        java.time.Instant.ofEpochSecond(1_764_000_000L + history.size()));
        return new ServedWatermark(id, new Watermark(offsets));
    }

    private static List<ServedWatermark> readers(ServedVersions served) {
        List<ServedWatermark> readers = new ArrayList<>();
        if (served.current() != null) {
            readers.add(served.current());
        }
        if (served.previous() != null) {
            readers.add(served.previous());
        }
        return readers;
    }

    private static void checkEveryListener(
            List<PositionedEvent> all,
            Map<String, UserEventLog> logs,
            ServedWatermark reader,
            boolean exact) {
        Map<String, List<PositionedEvent>> byUser = new TreeMap<>();
        all.forEach(e -> byUser.computeIfAbsent(e.event().userId(), u -> new ArrayList<>()).add(e));
        for (var entry : byUser.entrySet()) {
            String user = entry.getKey();
            List<PositionedEvent> events = entry.getValue();
            int partition = events.get(0).partition();
            Watermark w = reader.watermark();
            ListenerView batch = fold(user, partition, events, w.of(partition));
            ListenerView everything = fold(user, partition, events, Long.MAX_VALUE);
            ListenerMerge.Merged merged =
                    ListenerMerge.merge(user, batch, logs.get(user).toView(user), w, HISTORY);
            if (exact) {
                assertThat(merged.gap()).as("gap for %s reading %s", user, reader).isFalse();
                assertThat(merged.view()).as("%s reading %s", user, reader).isEqualTo(everything);
            } else if (!merged.gap()) {
                assertThat(merged.view())
                        .as("%s reading the older %s without a gap", user, reader)
                        .isEqualTo(everything);
            }
        }
    }

    /** The batch view of the events up to {@code through}, as the batch layer folds them. */
    private static ListenerView fold(
            String user, int partition, List<PositionedEvent> events, long through) {
        ListenerFold fold = new ListenerFold(user, partition, HISTORY);
        boolean any = false;
        for (PositionedEvent e : events) {
            if (e.offset() <= through) {
                InteractionEvent event = e.event();
                fold.apply(
                        new RecentInteraction(
                                event.eventId(),
                                event.trackId(),
                                event.type().wireName(),
                                event.timestamp(),
                                e.offset()));
                any = true;
            }
        }
        return any ? fold.view() : null;
    }
}
