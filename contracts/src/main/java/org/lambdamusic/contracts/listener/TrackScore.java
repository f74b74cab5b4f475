package org.lambdamusic.contracts.listener;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One track's all-time feedback in a batch view: counts up to the watermark and the score they give
 * under the version's weights ({@code interactions.weights} in the manifest).
 */
public record TrackScore(
        @JsonProperty("track_id") String trackId,
        @JsonProperty("plays") long plays,
        @JsonProperty("likes") long likes,
        @JsonProperty("skips") long skips,
        @JsonProperty("score") long score) {}
