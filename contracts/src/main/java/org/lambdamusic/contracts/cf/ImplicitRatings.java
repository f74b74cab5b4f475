package org.lambdamusic.contracts.cf;

import java.util.LinkedHashMap;
import java.util.Map;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.ListenerView;

/**
 * The one definition of a listener's implicit rating of a track, from their folded view: the play
 * weight if they played it, plus the like weight if they like it now, plus the skip weight if they
 * skipped it (and have not liked it since). The batch layer trains ALS on these ratings of its
 * listener views, and the serving layer folds a listener in from the ratings of their merged view,
 * so both solve for the same numbers. A positive rating is a preference with confidence {@code 1 +
 * α·r}; a negative one (a skip) is a confident "not this"; zero is no information.
 */
public final class ImplicitRatings {
    private ImplicitRatings() {}

    /**
     * Track id to rating, in first-seen order (played, then liked, then skipped); zeros left out.
     */
    public static Map<String, Integer> of(ListenerView view, FeedbackSettings feedback) {
        Map<String, Integer> ratings =
                new LinkedHashMap<>(
                        (view.playedTracks().size()
                                        + view.likedTracks().size()
                                        + view.skippedTracks().size())
                                * 2);
        for (String t : view.playedTracks()) {
            ratings.merge(t, feedback.playWeight(), Integer::sum);
        }
        for (String t : view.likedTracks()) {
            ratings.merge(t, feedback.likeWeight(), Integer::sum);
        }
        for (String t : view.skippedTracks()) {
            ratings.merge(t, feedback.skipWeight(), Integer::sum);
        }
        ratings.values().removeIf(r -> r == 0);
        return ratings;
    }
}
