package org.lambdamusic.contracts.view;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One track's standing in the trending window: score = plays - skips + 3 * likes. */
public record TrendingTrack(
        @JsonProperty("track_id") String trackId,
        @JsonProperty("score") long score,
        @JsonProperty("plays") long plays,
        @JsonProperty("likes") long likes,
        @JsonProperty("skips") long skips) {}
