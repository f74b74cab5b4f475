package org.lambdamusic.speed.trending;

import java.io.Serializable;
import org.lambdamusic.contracts.config.FeedbackSettings;

/**
 * What a play, a like and a skip add to a track's trending score: the contracts' {@link
 * FeedbackSettings} weights (FEEDBACK_PLAY_WEIGHT, FEEDBACK_LIKE_WEIGHT, FEEDBACK_SKIP_WEIGHT, read
 * once by {@code SpeedSettings}), copied into the operator so it is shipped with it, not read from
 * the environment of whichever machine runs it.
 */
public record TrendingWeights(int play, int like, int skip) implements Serializable {

    public static TrendingWeights of(FeedbackSettings feedback) {
        return new TrendingWeights(
                feedback.playWeight(), feedback.likeWeight(), feedback.skipWeight());
    }

    /** Σ weight over the track's plays, likes and skips. */
    public long score(long plays, long likes, long skips) {
        return plays * play + likes * like + skips * skip;
    }
}
