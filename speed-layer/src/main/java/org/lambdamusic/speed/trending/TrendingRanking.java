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
    /** Best first. */
    static final Comparator<WindowedTrackScore> BEST_FIRST =
            Comparator.comparingLong(WindowedTrackScore::score)
                    .reversed()
                    .thenComparing(WindowedTrackScore::trackId);

    private TrendingRanking() {}

    public static List<TrendingTrack> top(Iterable<WindowedTrackScore> scores, int n) {
        // The heap's head is the worst of the current top n, so it is the one to evict.
        PriorityQueue<WindowedTrackScore> heap = new PriorityQueue<>(n + 1, BEST_FIRST.reversed());
        for (WindowedTrackScore score : scores) {
            heap.add(score);
            if (heap.size() > n) {
                heap.poll();
            }
        }
        List<WindowedTrackScore> best = new ArrayList<>(heap);
        best.sort(BEST_FIRST);
        List<TrendingTrack> tracks = new ArrayList<>(best.size());
        for (WindowedTrackScore score : best) {
            tracks.add(score.toTrendingTrack());
        }
        return tracks;
    }
}
