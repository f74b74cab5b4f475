package org.lambdamusic.serving.stats;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.listener.Watermark;
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
        SpeedLayerStatus speedLayer) {

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
}
