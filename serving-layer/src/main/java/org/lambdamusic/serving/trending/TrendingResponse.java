package org.lambdamusic.serving.trending;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** GET /api/trending: the window and its best tracks, enriched with names from the model. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrendingResponse(Long windowStart, Long windowEnd, List<Item> tracks) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Item(
            String trackId,
            String trackName,
            String artists,
            long score,
            long plays,
            long likes,
            long skips) {}
}
