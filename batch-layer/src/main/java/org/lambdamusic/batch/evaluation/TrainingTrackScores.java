package org.lambdamusic.batch.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.TrackScore;

/**
 * The track scores the evaluation's popularity prior is built from: the batch views' formula (plays
 * × play weight + likes × like weight + skips × skip weight) over the training listeners only, each
 * listener counting once per track (their views keep which tracks they played, not how often). The
 * published track scores count every event of every listener, the evaluated listeners' held-out
 * part included, and would rank the very tracks being looked for higher.
 */
final class TrainingTrackScores {
    private TrainingTrackScores() {}

    static List<TrackScore> of(List<ListenerView> training, FeedbackSettings feedback) {
        Map<String, long[]> counts = new TreeMap<>();
        for (ListenerView view : training) {
            for (String t : view.playedTracks()) {
                counts.computeIfAbsent(t, k -> new long[3])[0]++;
            }
            for (String t : view.likedTracks()) {
                counts.computeIfAbsent(t, k -> new long[3])[1]++;
            }
            for (String t : view.skippedTracks()) {
                counts.computeIfAbsent(t, k -> new long[3])[2]++;
            }
        }
        List<TrackScore> scores = new ArrayList<>(counts.size());
        for (Map.Entry<String, long[]> c : counts.entrySet()) {
            long[] n = c.getValue();
            scores.add(
                    new TrackScore(c.getKey(), n[0], n[1], n[2], feedback.score(n[0], n[1], n[2])));
        }
        return scores;
    }
}
