package org.lambdamusic.speed.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.interaction.InvalidEventException;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.TrendingTrack;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.contracts.view.UserProfileView;

/**
 * A deterministic stream of interactions (with some redeliveries) and, computed independently of
 * the job by brute force, the views it must produce (trending with the given play, like and skip
 * weights).
 */
final class InteractionScenario {
    final List<InteractionEvent> events = new ArrayList<>();
    private final int[] weights;
    private final long windowMs;
    private final long slideMs;
    private final int topN;

    InteractionScenario(
            long seed,
            int count,
            int users,
            int tracks,
            long startMs,
            long stepMs,
            int[] weights,
            long windowMs,
            long slideMs,
            int topN) {
        this.weights = weights.clone();
        this.windowMs = windowMs;
        this.slideMs = slideMs;
        this.topN = topN;
        Random random = new Random(seed);
        InteractionType[] types = InteractionType.values();
        for (int i = 0; i < count; i++) {
            InteractionEvent event =
                    new InteractionEvent(
                            "ev-" + seed + "-" + i,
                            "user-" + random.nextInt(users),
                            "track-" + (int) Math.floor(tracks * Math.pow(random.nextDouble(), 2)),
                            types[random.nextInt(types.length)],
                            startMs + i * stepMs);
            events.add(event);
            if (i % 97 == 0) {
                events.add(event); // a redelivery: must count once
            }
        }
    }

    /**
     * The latest view per user, by brute force from the records as they sit in the topic (so with
     * their real partitions and offsets): records at or below {@code watermark[p]} are skipped (the
     * job started after them), invalid payloads too; an event whose id is in the user's log is a
     * redelivery; the log keeps the newest {@code maxEvents} by offset, the floor is the highest
     * offset it dropped. (Time retention is not reached: the stream spans minutes.)
     */
    Map<String, UserProfileView> expectedProfiles(
            List<ConsumerRecord<String, byte[]>> records, Watermark watermark, int maxEvents) {
        Map<String, List<RecentInteraction>> logs = new LinkedHashMap<>();
        Map<String, Long> floors = new HashMap<>();
        Map<String, Long> updated = new HashMap<>();
        Map<String, Integer> partitions = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.offset() <= watermark.of(r.partition())) {
                continue;
            }
            InteractionEvent e;
            try {
                e = InteractionEventCodec.fromJson(r.value());
            } catch (InvalidEventException invalid) {
                continue;
            }
            if (e.timestamp() < 0 || e.timestamp() > System.currentTimeMillis() + 300_000) {
                continue; // the validator's other checks (default SPEED_MAX_FUTURE_SKEW)
            }
            List<RecentInteraction> log = logs.computeIfAbsent(e.userId(), u -> new ArrayList<>());
            if (log.stream().anyMatch(x -> x.eventId().equals(e.eventId()))) {
                continue;
            }
            log.add(
                    new RecentInteraction(
                            e.eventId(),
                            e.trackId(),
                            e.type().wireName(),
                            e.timestamp(),
                            r.offset()));
            partitions.put(e.userId(), r.partition());
            updated.merge(e.userId(), e.timestamp(), Math::max);
            while (log.size() > maxEvents) {
                floors.merge(e.userId(), log.remove(0).offset(), Math::max);
            }
        }
        Map<String, UserProfileView> views = new HashMap<>();
        logs.forEach(
                (user, log) ->
                        views.put(
                                user,
                                new UserProfileView(
                                        user,
                                        partitions.get(user),
                                        log,
                                        floors.getOrDefault(user, -1L),
                                        updated.get(user))));
        return views;
    }

    /** The trending view of the sliding window ending at {@code windowEnd}. */
    TrendingView expectedTrending(long windowEnd) {
        long start = windowEnd - windowMs;
        Map<String, long[]> tally = new TreeMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (InteractionEvent e : events) {
            if (seen.add(e.eventId()) && e.timestamp() >= start && e.timestamp() < windowEnd) {
                long[] t = tally.computeIfAbsent(e.trackId(), k -> new long[3]);
                t[e.type().ordinal()]++;
            }
        }
        List<TrendingTrack> tracks = new ArrayList<>();
        tally.forEach(
                (track, t) ->
                        tracks.add(
                                new TrendingTrack(
                                        track,
                                        t[0] * weights[0] + t[1] * weights[1] + t[2] * weights[2],
                                        t[0],
                                        t[1],
                                        t[2])));
        tracks.sort(
                Comparator.comparingLong(TrendingTrack::score)
                        .reversed()
                        .thenComparing(TrendingTrack::trackId));
        return new TrendingView(start, windowEnd, tracks.subList(0, Math.min(topN, tracks.size())));
    }

    long slideMs() {
        return slideMs;
    }
}
