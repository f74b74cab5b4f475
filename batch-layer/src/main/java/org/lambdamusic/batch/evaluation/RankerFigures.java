package org.lambdamusic.batch.evaluation;

import java.util.BitSet;
import java.util.function.IntFunction;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.Evaluation.RankerQuality;

/**
 * One ranker's figures summed over the evaluated listeners, in listener order (so the sums, and the
 * figures, do not depend on how the listeners were spread over threads).
 */
final class RankerFigures {
    private final int recommendable;
    private final BitSet recommended = new BitSet();
    private double hits;
    private double ndcg;
    private double recall;
    private long popularitySum;
    private long popularityCount;
    private int listeners;

    RankerFigures(int recommendable) {
        this.recommendable = recommendable;
    }

    /** Adds one listener's list (best first, up to 50 rows) and its score. */
    void add(int[] rows, ListScore score, IntFunction<CatalogTrack> track) {
        listeners++;
        hits += score.hitAt10();
        ndcg += score.ndcgAt10();
        recall += score.recallAt50();
        for (int i = 0; i < Math.min(10, rows.length); i++) {
            recommended.set(rows[i]);
            Integer popularity = track.apply(rows[i]).popularity();
            if (popularity != null) {
                popularitySum += popularity;
                popularityCount++;
            }
        }
    }

    RankerQuality quality() {
        return new RankerQuality(
                mean(hits),
                mean(ndcg),
                mean(recall),
                recommendable == 0 ? 0 : (double) recommended.cardinality() / recommendable,
                popularityCount == 0 ? 0 : (double) popularitySum / popularityCount);
    }

    private double mean(double sum) {
        return listeners == 0 ? 0 : sum / listeners;
    }
}
