package org.lambdamusic.serving.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.lambdamusic.contracts.model.Evaluation;
import org.lambdamusic.contracts.model.Evaluation.RankerQuality;

/** A manifest's evaluation as the batch job writes one, with made-up figures. */
public final class TestEvaluations {
    private TestEvaluations() {}

    public static final Evaluation EXAMPLE = example();

    private static Evaluation example() {
        Map<String, RankerQuality> rankers = new LinkedHashMap<>();
        rankers.put(Evaluation.BLEND, new RankerQuality(0.62, 0.21, 0.44, 0.18, 58.2));
        rankers.put("cf", new RankerQuality(0.58, 0.19, 0.41, 0.21, 55.0));
        rankers.put("content", new RankerQuality(0.07, 0.012, 0.05, 0.61, 41.3));
        rankers.put("popularity", new RankerQuality(0.09, 0.02, 0.06, 0.0001, 81.7));
        rankers.put("cooccurrence", new RankerQuality(0.55, 0.17, 0.39, 0.09, 63.4));
        return new Evaluation(
                "by time: each evaluated listener's newest 20% of events held out",
                1200, 9600, rankers, 4321);
    }
}
