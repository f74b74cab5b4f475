package org.lambdamusic.serving.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.listener.ListenerFold;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.TrackScore;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;

/**
 * Batch views for tests, computed the plain way: every user's events up to the watermark folded
 * with the contracts' {@link ListenerFold}, track scores summed with the default weights. Also the
 * oracle "from-scratch recomputation" that merged answers are compared with.
 */
public final class TestViews {
    private TestViews() {}

    /**
     * @param logs each user's complete event log (as a speed view holds it)
     */
    public static BatchViews upTo(Watermark watermark, List<UserProfileView> logs) {
        FeedbackSettings weights = FeedbackSettings.DEFAULTS;
        List<ListenerView> listeners = new ArrayList<>();
        Map<String, long[]> tracks = new TreeMap<>();
        long events = 0;
        Long min = null;
        Long max = null;
        for (UserProfileView log :
                logs.stream().sorted(Comparator.comparing(UserProfileView::userId)).toList()) {
            ListenerFold fold =
                    new ListenerFold(log.userId(), log.partition(), weights.historySize());
            boolean any = false;
            for (RecentInteraction e : log.events()) {
                if (!watermark.covers(log.partition(), e.offset())) {
                    continue;
                }
                fold.apply(e);
                any = true;
                events++;
                min = min == null ? e.timestamp() : Math.min(min, e.timestamp());
                max = max == null ? e.timestamp() : Math.max(max, e.timestamp());
                long[] counts = tracks.computeIfAbsent(e.trackId(), k -> new long[3]);
                counts[InteractionType.fromWire(e.interactionType()).orElseThrow().ordinal()]++;
            }
            if (any) {
                listeners.add(fold.view());
            }
        }
        List<TrackScore> scores = new ArrayList<>();
        tracks.forEach(
                (id, c) ->
                        scores.add(
                                new TrackScore(
                                        id, c[0], c[1], c[2], weights.score(c[0], c[1], c[2]))));
        InteractionsInfo info =
                new InteractionsInfo(
                        "memory://test",
                        Topics.USER_INTERACTIONS,
                        watermark,
                        events,
                        events,
                        0,
                        0,
                        0,
                        0,
                        min,
                        max,
                        listeners.size(),
                        scores.size(),
                        Map.of("play", 1, "like", 3, "skip", -1),
                        weights.historySize());
        return new BatchViews(info, listeners, scores);
    }

    /** One fold over a user's whole log: what any merged answer must equal. */
    public static ListenerView fromScratch(UserProfileView log) {
        ListenerFold fold =
                new ListenerFold(
                        log.userId(), log.partition(), FeedbackSettings.DEFAULTS.historySize());
        log.events().forEach(fold::apply);
        return fold.view();
    }
}
