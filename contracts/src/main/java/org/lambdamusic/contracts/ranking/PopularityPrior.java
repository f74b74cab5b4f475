package org.lambdamusic.contracts.ranking;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.listener.TrackScore;
import org.lambdamusic.contracts.model.CatalogTrack;

/**
 * The popularity signal of each recommendable track, in [0, 1]: its all-time score in the master
 * dataset (the batch views' track scores: plays, likes and skips by the feedback weights) on a log
 * scale over the best track's, since listening counts are heavy-tailed and a linear scale would
 * leave all but a handful near zero. A version without interactions falls back to the catalogue's
 * Spotify popularity (0-100) over 100.
 */
public final class PopularityPrior {
    private PopularityPrior() {}

    public static float[] of(List<CatalogTrack> tracks, List<TrackScore> scores) {
        int n = tracks.size();
        float[] prior = new float[n];
        Map<String, Long> byId = new HashMap<>(scores.size() * 2);
        long best = 0;
        for (TrackScore s : scores) {
            byId.put(s.trackId(), s.score());
            best = Math.max(best, s.score());
        }
        if (best <= 0) {
            for (int row = 0; row < n; row++) {
                Integer p = tracks.get(row).popularity();
                prior[row] = p == null ? 0f : p / 100f;
            }
            return prior;
        }
        double scale = Math.log1p(best);
        for (int row = 0; row < n; row++) {
            long s = byId.getOrDefault(tracks.get(row).trackId(), 0L);
            prior[row] = s <= 0 ? 0f : (float) (Math.log1p(s) / scale);
        }
        return prior;
    }
}
