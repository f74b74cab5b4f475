package org.lambdamusic.contracts.cf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.view.InteractionCounts;

class ImplicitRatingsTest {

    @Test
    void addsTheFeedbackWeightsOfWhatTheViewHolds() {
        ListenerView view =
                new ListenerView(
                        "u1",
                        0,
                        new InteractionCounts(3, 1, 2),
                        List.of("liked"),
                        List.of("skipped", "once-played-then-skipped"),
                        List.of("played", "liked", "once-played-then-skipped"),
                        List.of(),
                        10);

        // defaults: play 1, like 3, skip -1
        assertThat(ImplicitRatings.of(view, FeedbackSettings.DEFAULTS))
                .containsExactly(
                        java.util.Map.entry("played", 1),
                        java.util.Map.entry("liked", 4),
                        java.util.Map.entry("skipped", -1));
    }
}
