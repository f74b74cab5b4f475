package org.lambdamusic.serving.stats;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.lambdamusic.serving.kafka.BrokerStatus;

/**
 * GET /api/stats.
 *
 * @param tracksInModel tracks with similarities (the sample, or the whole catalogue)
 * @param tracksInCatalog every track the served version knows (sample plus the rest)
 * @param modelVersion null before the first model is loaded
 * @param modelAgeSeconds since the batch job built the served version; null without a model
 * @param eventsPerSecond interactions folded into user views over the last minute, per second
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
        BrokerStatus kafka) {}
