package org.lambdamusic.batch.evaluation;

import java.util.Locale;
import java.util.Map;
import org.lambdamusic.contracts.model.Evaluation;
import org.lambdamusic.contracts.model.Evaluation.RankerQuality;

/**
 * An evaluation as a fixed-width text table, for the job log and {@code ./pipeline bench quality}.
 */
public final class EvaluationTable {
    private EvaluationTable() {}

    public static String format(Evaluation evaluation) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%-20s %7s %8s %10s %9s %16s%n",
                        "ranker",
                        "HR@10",
                        "NDCG@10",
                        "Recall@50",
                        "coverage",
                        "mean_popularity"));
        for (Map.Entry<String, RankerQuality> r : evaluation.rankers().entrySet()) {
            RankerQuality q = r.getValue();
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-20s %7.4f %8.4f %10.4f %9.4f %16.1f%n",
                            r.getKey(),
                            q.hrAt10(),
                            q.ndcgAt10(),
                            q.recallAt50(),
                            q.coverage(),
                            q.meanPopularity()));
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        "%d listeners, %d held-out items, %d ms%n",
                        evaluation.listeners(),
                        evaluation.heldOut(),
                        evaluation.evalMs()));
        return out.toString();
    }
}
