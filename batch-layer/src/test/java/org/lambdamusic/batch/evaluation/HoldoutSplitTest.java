package org.lambdamusic.batch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lambdamusic.batch.cf.CatalogRows;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.view.InteractionCounts;
import org.lambdamusic.contracts.view.RecentInteraction;

/** Who is evaluated, and what of them is held out, on hand-built views. */
class HoldoutSplitTest {
    private static final FeedbackSettings FEEDBACK = FeedbackSettings.DEFAULTS;

    // Rows 0-9 recommendable; 10 and 11 in the catalogue only. Z has no recommendable track.
    private static final CatalogRows CATALOGUE =
            TinyCatalogue.of(10, "A", "A", "B", "C", "D", "E", "F", "G", "H", "A;X", "I", "Z");
    private static final CatalogueArtists ARTISTS = TinyCatalogue.artists(CATALOGUE);

    @Test
    void anArchiveListenerKeepsAllButTheLastFifthOfTheirTracksInFirstPlayOrder() {
        ListenerView ann = view("ann", tracks(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), tracks(3), tracks(10));

        HoldoutListener held = HoldoutSplit.holdOut(ann, CATALOGUE, ARTISTS, FEEDBACK);

        // Ten positive tracks (t10 is only skipped): the last two, t8 and t9, are held out.
        assertThat(held.heldOut().rule()).isEqualTo(HeldOut.Rule.TIME);
        assertThat(held.heldOut().items()).containsExactly(8, 9);
        assertThat(held.kept().playedTracks()).isEqualTo(tracks(0, 1, 2, 3, 4, 5, 6, 7));
        assertThat(held.kept().likedTracks()).isEqualTo(tracks(3));
        assertThat(held.kept().skippedTracks()).isEqualTo(tracks(10));
        assertThat(held.kept().recent())
                .extracting(RecentInteraction::trackId)
                .doesNotContain("t8", "t9")
                .contains("t7");
        assertThat(held.keptPositive()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(held.seedRow()).isEqualTo(7);
    }

    @Test
    void tooShortAHistoryOrNothingRecommendableHeldOutMeansNotEvaluated() {
        // Four positive tracks (the played-then-skipped one rates 0): below the minimum of five.
        ListenerView few = view("bob", tracks(0, 1, 2, 3, 4), List.of(), tracks(4));
        assertThat(HoldoutSplit.holdOut(few, CATALOGUE, ARTISTS, FEEDBACK)).isNull();
        // Six positives, the last a like without a play of t11, outside the model's tracks: the one
        // held-out track could never be recommended.
        ListenerView late = view("cat", tracks(0, 1, 2, 3, 4), tracks(11), List.of());
        assertThat(HoldoutSplit.holdOut(late, CATALOGUE, ARTISTS, FEEDBACK)).isNull();
    }

    @Test
    void aReplayedListenerLosesEveryTrackOfAQuarterOfTheirArtists() {
        // Artists A (rows 0, 1 and 9 with X), B, C, D, E, F, G, H, and Z (row 11, not
        // recommendable).
        ListenerView dan =
                view("lastfm-7", tracks(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11), tracks(0, 2), List.of());

        HoldoutListener held = HoldoutSplit.holdOut(dan, CATALOGUE, ARTISTS, FEEDBACK);

        // Nine of their ten artists have a recommendable track (A..H and X, not Z): round(9 / 4).
        assertThat(held.heldOut().rule()).isEqualTo(HeldOut.Rule.ARTIST);
        int[] items = held.heldOut().items();
        assertThat(items).hasSize(2).doesNotContain(ARTISTS.index().idOf("Z"));
        for (String track : dan.playedTracks()) {
            int row = CATALOGUE.rowOf(track);
            boolean byHeldArtist =
                    Arrays.stream(ARTISTS.of(row))
                            .anyMatch(a -> Arrays.binarySearch(items, a) >= 0);
            assertThat(held.kept().playedTracks().contains(track))
                    .as(track)
                    .isEqualTo(!byHeldArtist);
        }
        // The same listener again: the same artists.
        assertThat(HoldoutSplit.holdOut(dan, CATALOGUE, ARTISTS, FEEDBACK).heldOut().items())
                .isEqualTo(items);
    }

    @Test
    void aboutAQuarterOfListenersAreChosenWhateverTheirOrder() {
        long chosen =
                IntStream.rangeClosed(1, 10_000)
                        .filter(i -> HoldoutSplit.isChosen("lastfm-" + i))
                        .count();
        assertThat(chosen).isBetween(2_350L, 2_650L);

        List<ListenerView> listeners = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            listeners.add(view("user-" + i, tracks(0, 1, 2, 3, 4, 5, 6), List.of(), List.of()));
        }
        HoldoutSplit.Split split = HoldoutSplit.split(listeners, CATALOGUE, ARTISTS, FEEDBACK);
        List<ListenerView> shuffled = new ArrayList<>(listeners);
        Collections.shuffle(shuffled, new Random(3));
        HoldoutSplit.Split again = HoldoutSplit.split(shuffled, CATALOGUE, ARTISTS, FEEDBACK);

        assertThat(split.evaluated()).isNotEmpty();
        assertThat(split.training().size() + split.evaluated().size()).isEqualTo(40);
        assertThat(again.evaluated())
                .extracting(HoldoutListener::userId)
                .isEqualTo(split.evaluated().stream().map(HoldoutListener::userId).toList());
        for (HoldoutListener l : split.evaluated()) {
            assertThat(HoldoutSplit.isChosen(l.userId())).isTrue();
        }
        for (ListenerView v : split.training()) {
            assertThat(HoldoutSplit.isChosen(v.userId())).isFalse();
        }
    }

    private static List<String> tracks(int... rows) {
        return Arrays.stream(rows).mapToObj(r -> "t" + r).toList();
    }

    /** A view with one recent event per played track, in order. */
    private static ListenerView view(
            String user, List<String> played, List<String> liked, List<String> skipped) {
        List<RecentInteraction> recent = new ArrayList<>();
        for (int i = 0; i < played.size(); i++) {
            recent.add(new RecentInteraction("e" + i, played.get(i), "play", 1000L + i, i));
        }
        return new ListenerView(
                user,
                0,
                new InteractionCounts(played.size(), liked.size(), skipped.size()),
                liked,
                skipped,
                played,
                recent,
                played.size());
    }
}
