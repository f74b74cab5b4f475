package org.lambdamusic.speed.trending;

import org.lambdamusic.contracts.view.TrendingTrack;

/** One track's tally in one sliding window, on its way to the per-window ranking. */
public record WindowedTrackScore(
        long windowStart, long windowEnd, String trackId, long plays, long likes, long skips) {

    public static WindowedTrackScore of(
            long windowStart, long windowEnd, String trackId, TrackTally tally) {
        return new WindowedTrackScore(
                windowStart, windowEnd, trackId, tally.plays, tally.likes, tally.skips);
    }

    public long score() {
        return new TrackTally(plays, likes, skips).score();
    }

    public TrendingTrack toTrendingTrack() {
        return new TrendingTrack(trackId, score(), plays, likes, skips);
    }
}
