package org.lambdamusic.speed.trending;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.lambdamusic.contracts.view.TrendingTrack;

/**
 * Picks the top N tracks of one window: highest score first, ties broken by track id so a replay
 * ranks exactly the same way. A bounded heap keeps it O(tracks · log N).
 */
public final class TrendingRanking {
    private TrendingRanking() {}

    /** Best first. */
    static Comparator<WindowedTrackScore> bestFirst(TrendingWeights weights) {
        return Comparator.comparingLong((WindowedTrackScore s) -> s.score(weights))
                .reversed()
                .thenComparing(WindowedTrackScore::trackId);
    }

    public static List<TrendingTrack> top(
            Iterable<WindowedTrackScore> scores, int n, TrendingWeights weights) {
        Comparator<WindowedTrackScore> best = bestFirst(weights);
        // The heap's head is the worst of the current top n, so it is the one to evict.
        PriorityQueue<WindowedTrackScore> heap = new PriorityQueue<>(n + 1, best.reversed());
        for (WindowedTrackScore score : scores) {
            heap.add(score);
            if (heap.size() > n) {
                heap.poll();
            }
        }
        List<WindowedTrackScore> top = new ArrayList<>(heap);
        top.sort(best);
        List<TrendingTrack> tracks = new ArrayList<>(top.size());
        for (WindowedTrackScore score : top) {
            tracks.add(score.toTrendingTrack(weights));
        }
        return tracks;
    }
}
