package org.lambdamusic.contracts.view;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The top tracks of one sliding event-time window, published to the compacted {@code
 * trending-tracks} topic under the key {@link org.lambdamusic.contracts.Topics#TRENDING_KEY} after
 * each slide.
 *
 * @param windowStart inclusive start of the window, epoch ms
 * @param windowEnd exclusive end of the window, epoch ms
 * @param tracks best first
 */
public record TrendingView(
        @JsonProperty("window_start") long windowStart,
        @JsonProperty("window_end") long windowEnd,
        @JsonProperty("tracks") List<TrendingTrack> tracks) {

    public TrendingView {
        tracks = tracks == null ? List.of() : List.copyOf(tracks);
    }
}
