package org.lambdamusic.speed.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.view.InteractionCounts;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.TrendingTrack;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.contracts.view.UserProfileView;

/**
 * A deterministic stream of interactions (with some redeliveries) and, computed independently of
 * the job by brute force, the views it must produce.
 */
final class InteractionScenario {
    final List<InteractionEvent> events = new ArrayList<>();
    private final int historySize;
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
            int historySize,
            long windowMs,
            long slideMs,
            int topN) {
        this.historySize = historySize;
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

    Map<String, UserProfileView> expectedProfiles() {
        Map<String, List<InteractionEvent>> byUser = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (InteractionEvent e : events) {
            if (seen.add(e.eventId())) {
                byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e);
            }
        }
        Map<String, UserProfileView> views = new HashMap<>();
        byUser.forEach(
                (user, list) -> {
                    List<RecentInteraction> recent =
                            list.stream()
                                    .sorted(
                                            Comparator.comparingLong(InteractionEvent::timestamp)
                                                    .reversed())
                                    .limit(historySize)
                                    .map(
                                            e ->
                                                    new RecentInteraction(
                                                            e.eventId(),
                                                            e.trackId(),
                                                            e.type().wireName(),
                                                            e.timestamp()))
                                    .toList();
                    LinkedHashSet<String> liked = new LinkedHashSet<>();
                    long plays = 0, likes = 0, skips = 0;
                    for (InteractionEvent e : list) {
                        switch (e.type()) {
                            case PLAY -> plays++;
                            case LIKE -> {
                                likes++;
                                liked.add(e.trackId());
                            }
                            case SKIP -> skips++;
                        }
                    }
                    long updated =
                            list.stream()
                                    .mapToLong(InteractionEvent::timestamp)
                                    .max()
                                    .orElseThrow();
                    views.put(
                            user,
                            new UserProfileView(
                                    user,
                                    recent,
                                    List.copyOf(liked),
                                    new InteractionCounts(plays, likes, skips),
                                    updated));
                });
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
                                        track, t[0] + 3 * t[1] - t[2], t[0], t[1], t[2])));
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
