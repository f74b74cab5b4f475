package org.lambdamusic.batch.evaluation;

import org.lambdamusic.contracts.model.BatchRunResult.QualityGate;
import org.lambdamusic.contracts.model.Evaluation;

/**
 * Whether a new version may replace the served one: its blend NDCG@10 may fall below the served
 * version's by at most {@code margin} (absolute). A version is judged only when it was evaluated;
 * when the served version was not (or nothing is served), it passes with no served figure.
 */
public record PromotionGate(double margin) {
    /**
     * 0.02 NDCG@10, absolute: a sixteenth of the blend's figure on the replayed Last.fm listeners
     * (about 0.33-0.36), so the small moves of a retrain on a little more listening pass and a
     * clear loss does not.
     */
    public static final double DEFAULT_MARGIN = 0.02;

    public PromotionGate {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("the quality margin must be a number >= 0");
        }
    }

    /**
     * @param servedVersion the version LATEST names, null when none
     * @param served its evaluation, null when it has none (or its manifest could not be read)
     * @return the judgement, or null when the candidate has no blend figure to judge
     */
    public QualityGate judge(Evaluation candidate, String servedVersion, Evaluation served) {
        Double candidateNdcg = candidate == null ? null : candidate.blendNdcg();
        if (candidateNdcg == null) {
            return null;
        }
        Double servedNdcg = served == null ? null : served.blendNdcg();
        boolean passed = servedNdcg == null || servedNdcg - candidateNdcg <= margin;
        return new QualityGate(candidateNdcg, servedVersion, servedNdcg, margin, passed);
    }
}
