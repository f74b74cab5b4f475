package org.lambdamusic.batch.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.lambdamusic.batch.cf.CatalogRows;
import org.lambdamusic.contracts.cf.ImplicitRatings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.ranking.TopScores;

/**
 * The item co-occurrence baseline ("listeners who played these also played"), the yardstick the
 * learned rankings must beat: a candidate's score is, over the listener's kept tracks t, the number
 * of training listeners who rated both t and the candidate positively. Only the batch evaluates
 * with it; the serving layer does not serve it.
 */
final class Cooccurrence {
    private final int recommendable;
    private final int rows;

    /** Per catalogue row, the training listeners who rated it positively. */
    private final int[][] listenersOf;

    /** Per training listener, their positively rated catalogue rows. */
    private final int[][] rowsOf;

    Cooccurrence(List<ListenerView> training, CatalogRows catalogue, FeedbackSettings feedback) {
        this.recommendable = catalogue.recommendableCount();
        this.rows = catalogue.size();
        this.rowsOf = new int[training.size()][];
        int[] counts = new int[rows];
        for (int u = 0; u < training.size(); u++) {
            Map<String, Integer> ratings = ImplicitRatings.of(training.get(u), feedback);
            rowsOf[u] =
                    ratings.entrySet().stream()
                            .filter(r -> r.getValue() > 0)
                            .mapToInt(r -> catalogue.rowOf(r.getKey()))
                            .filter(row -> row >= 0)
                            .sorted()
                            .distinct()
                            .toArray();
            for (int row : rowsOf[u]) {
                counts[row]++;
            }
        }
        this.listenersOf = new int[rows][];
        for (int row = 0; row < rows; row++) {
            listenersOf[row] = new int[counts[row]];
        }
        int[] filled = new int[rows];
        for (int u = 0; u < rowsOf.length; u++) {
            for (int row : rowsOf[u]) {
                listenersOf[row][filled[row]++] = u;
            }
        }
    }

    /**
     * The best {@code topN} recommendable rows with a score above 0, best first (ties: lower row).
     *
     * @param kept the listener's kept tracks' rows
     * @param skipRows rows never to return, ascending
     */
    int[] rank(int[] kept, int[] skipRows, int topN) {
        int[] overlap = new int[rowsOf.length];
        for (int row : kept) {
            for (int u : listenersOf[row]) {
                overlap[u]++;
            }
        }
        long[] score = new long[recommendable];
        for (int u = 0; u < rowsOf.length; u++) {
            if (overlap[u] == 0) {
                continue;
            }
            for (int row : rowsOf[u]) {
                if (row < recommendable) {
                    score[row] += overlap[u];
                }
            }
        }
        TopScores best = new TopScores(Math.min(topN, recommendable));
        for (int row = 0; row < recommendable; row++) {
            if (score[row] > 0 && Arrays.binarySearch(skipRows, row) < 0) {
                best.offer(score[row], row, row);
            }
        }
        int[] out = new int[best.size()];
        best.drainBestFirst(new double[out.length], out, new int[out.length]);
        return out;
    }
}
