package org.lambdamusic.serving.stats;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.model.Evaluation;
import org.lambdamusic.serving.kafka.BrokerStatus;
import org.lambdamusic.serving.kafka.SpeedLayerStatus;

/**
 * GET /api/stats.
 *
 * @param tracksInModel tracks with similarities (the sample, or the whole catalogue)
 * @param tracksInCatalog every track the served version knows (sample plus the rest)
 * @param modelVersion null before the first model is loaded
 * @param modelAgeSeconds since the batch job built the served version; null without a model
 * @param usersSeen listeners known to the batch views or the speed layer
 * @param interactionsCounted events counted in users' answers: the batch views' plus the speed
 *     layer's after the watermark
 * @param eventsPerSecond interactions folded into user views over the last minute, per second
 * @param feedback the weights, artist boost and history size in force (FeedbackSettings)
 * @param batchViews what the served version's batch views cover; null without a model
 * @param speedLayer the speed job's progress on user-interactions (the speedLayer health component)
 * @param scoring how "for you" and the seed profiles rank, and what the served version brings to it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatsResponse(
        int tracksInModel,
        int tracksInCatalog,
        String modelVersion,
        Long modelAgeSeconds,
        int usersSeen,
        long interactionsCounted,
        double eventsPerSecond,
        BrokerStatus kafka,
        Feedback feedback,
        BatchViews batchViews,
        SpeedLayerStatus speedLayer,
        Scoring scoring) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Feedback(Map<String, Integer> weights, double artistBoost, int historySize) {}

    /**
     * @param watermark per partition, the last offset the batch views cover
     * @param events events in the batch views
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BatchViews(Watermark watermark, long events, long listeners, Long eventTimeMax) {
        static BatchViews of(org.lambdamusic.contracts.listener.BatchViews views) {
            InteractionsInfo info = views.info();
            return info == null
                    ? new BatchViews(Watermark.NONE, 0, 0, null)
                    : new BatchViews(
                            info.watermark(), info.events(), info.listeners(), info.eventTimeMax());
        }
    }

    /**
     * The one scoring config (ScoringSettings, ALS settings) and the served version's part in it.
     *
     * @param weights the "for you" blend's weights by signal: cf, content, popularity
     * @param profiles the profile names of each kind ({@code for_you}, {@code similar}), default
     *     first
     * @param als what the next retrain trains with (ALS_*); the served version folds listeners in
     *     with its own ({@code model_factors})
     * @param modelHasFactors whether the served version carries collaborative-filtering factors
     * @param modelFactors how the served version's factors were trained (its manifest's {@code
     *     factors}); null without
     * @param modelEvaluation the served version's measured quality; null when it was not evaluated
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Scoring(
            Map<String, Double> weights,
            Map<String, List<String>> profiles,
            Als als,
            boolean modelHasFactors,
            FactorsInfo modelFactors,
            EvaluationSummary modelEvaluation) {

        static Scoring of(
                ScoringSettings weights,
                Map<String, List<String>> profiles,
                AlsSettings als,
                FactorsInfo factors,
                Evaluation evaluation) {
            return new Scoring(
                    Map.of(
                            "cf", weights.cfWeight(),
                            "content", weights.contentWeight(),
                            "popularity", weights.popularityWeight()),
                    profiles,
                    new Als(als.rank(), als.regParam(), als.alpha(), als.iterations(), als.seed()),
                    factors != null,
                    factors,
                    EvaluationSummary.of(evaluation));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Als(int rank, double regParam, double alpha, int iterations, long seed) {}

    /**
     * The blend's figures of the served version's evaluation (the ranker "for you" serves).
     *
     * @param blend HR@10, NDCG@10, Recall@50, coverage and mean popularity of the blend; null when
     *     the evaluation has no blend row
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EvaluationSummary(
            String protocol, long listeners, Evaluation.RankerQuality blend) {
        static EvaluationSummary of(Evaluation evaluation) {
            if (evaluation == null) {
                return null;
            }
            return new EvaluationSummary(
                    evaluation.protocol(),
                    evaluation.listeners(),
                    evaluation.rankers() == null
                            ? null
                            : evaluation.rankers().get(Evaluation.BLEND));
        }
    }
}
