package org.lambdamusic.speed.trending;

import org.lambdamusic.contracts.view.TrendingTrack;

/** One track's tally in one sliding window, on its way to the per-window ranking. */
public record WindowedTrackScore(
        long windowStart, long windowEnd, String trackId, long plays, long likes, long skips) {

    public long score(TrendingWeights weights) {
        return weights.score(plays, likes, skips);
    }

    public TrendingTrack toTrendingTrack(TrendingWeights weights) {
        return new TrendingTrack(trackId, score(weights), plays, likes, skips);
    }
}
