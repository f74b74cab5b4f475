package org.lambdamusic.batch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambdamusic.batch.cf.CatalogRows;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.view.InteractionCounts;

/** The co-occurrence baseline on three training listeners, counted by hand. */
class CooccurrenceTest {
    private static final CatalogRows CATALOGUE = TinyCatalogue.of(4, "A", "B", "C", "D", "E");

    private static final Cooccurrence COOCCURRENCE =
            new Cooccurrence(
                    List.of(
                            played("u1", "t0", "t1", "t2"),
                            played("u2", "t0", "t2", "t4"),
                            played("u3", "t1", "t3"),
                            // a skip is no co-occurrence
                            new ListenerView(
                                    "u4",
                                    0,
                                    InteractionCounts.ZERO,
                                    List.of(),
                                    List.of("t0", "t3"),
                                    List.of(),
                                    List.of(),
                                    -1)),
                    CATALOGUE,
                    FeedbackSettings.DEFAULTS);

    @Test
    void candidatesScoreByTheListenersWhoPlayedThemWithTheKeptTracks() {
        // Kept t0: u1 and u2 played it. t2: both (2), t1: u1 (1), t4: not recommendable.
        assertThat(COOCCURRENCE.rank(new int[] {0}, new int[] {0}, 10)).containsExactly(2, 1);
        // Kept t0 and t1: u1 overlaps twice, u2 and u3 once. t2: 2 + 1 = 3, t3: 1.
        assertThat(COOCCURRENCE.rank(new int[] {0, 1}, new int[] {0, 1}, 10)).containsExactly(2, 3);
        assertThat(COOCCURRENCE.rank(new int[] {0, 1}, new int[] {0, 1}, 1)).containsExactly(2);
    }

    @Test
    void aTrackNobodyElsePlayedGivesNothing() {
        assertThat(COOCCURRENCE.rank(new int[] {}, new int[] {}, 10)).isEmpty();
    }

    private static ListenerView played(String user, String... tracks) {
        return new ListenerView(
                user,
                0,
                InteractionCounts.ZERO,
                List.of(),
                List.of(),
                List.of(tracks),
                List.of(),
                -1);
    }
}
