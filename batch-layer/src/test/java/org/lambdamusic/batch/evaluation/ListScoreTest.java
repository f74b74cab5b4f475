package org.lambdamusic.batch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lambdamusic.batch.cf.CatalogRows;

/** HR@10, NDCG@10 and Recall@50 of tiny rankings, worked out by hand. */
class ListScoreTest {
    private static final double LOG2_3 = Math.log(3) / Math.log(2);
    private static final double LOG2_5 = Math.log(5) / Math.log(2);

    @Test
    void heldOutTracksFoundAtPositionsTwoAndFourAndBeyondTheTop10() {
        CatalogRows catalogue = TinyCatalogue.of(30, artists(30));
        HeldOut heldOut = new HeldOut(HeldOut.Rule.TIME, new int[] {5, 9, 12});
        int[] rows = new int[25];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = 20 + (i % 10); // nothing relevant...
        }
        rows[1] = 5; // position 2
        rows[3] = 9; // position 4
        rows[20] = 12; // position 21: counts for recall@50 only

        ListScore score = ListScore.of(rows, heldOut, TinyCatalogue.artists(catalogue));

        double dcg = 1 / LOG2_3 + 1 / LOG2_5;
        double ideal = 1 + 1 / LOG2_3 + 0.5; // three held-out items: positions 1-3
        assertThat(score.hitAt10()).isEqualTo(1);
        assertThat(score.ndcgAt10()).isCloseTo(dcg / ideal, within(1e-12));
        assertThat(score.ndcgAt10()).isCloseTo(0.4982, within(1e-4));
        assertThat(score.recallAt50()).isEqualTo(1);
    }

    @Test
    void aHeldOutArtistCountsOnceHoweverManyOfItsTracksAreRecommended() {
        // rows 0, 1: artist B; row 2: "A;C"; row 3: D. Held out: B and C.
        CatalogRows catalogue = TinyCatalogue.of(4, "B", "B", "A;C", "D");
        CatalogueArtists artists = TinyCatalogue.artists(catalogue);
        int[] held = artists.index().idsOf(java.util.List.of("B", "C"));
        HeldOut heldOut = new HeldOut(HeldOut.Rule.ARTIST, held);

        ListScore score = ListScore.of(new int[] {0, 1, 2, 3}, heldOut, artists);

        // Relevant at positions 1 (B) and 3 (C); position 2 finds B again: not relevant.
        double dcg = 1 + 0.5;
        double ideal = 1 + 1 / LOG2_3;
        assertThat(score.ndcgAt10()).isCloseTo(dcg / ideal, within(1e-12));
        assertThat(score.recallAt50()).isEqualTo(1);
        assertThat(score.hitAt10()).isEqualTo(1);
    }

    @Test
    void aListThatFindsNothingScoresZeroAndAnEmptyListToo() {
        CatalogRows catalogue = TinyCatalogue.of(12, artists(12));
        CatalogueArtists artists = TinyCatalogue.artists(catalogue);
        HeldOut heldOut = new HeldOut(HeldOut.Rule.TIME, new int[] {11});
        for (int[] rows : new int[][] {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {}}) {
            ListScore score = ListScore.of(rows, heldOut, artists);
            assertThat(score).isEqualTo(new ListScore(0, 0, 0));
        }
        // Found at position 11: no hit in the top 10, but recall@50 counts it.
        ListScore late =
                ListScore.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11}, heldOut, artists);
        assertThat(late).isEqualTo(new ListScore(0, 0, 1));
    }

    @Test
    void moreThanTenHeldOutItemsCapTheIdealAtTenPositions() {
        CatalogRows catalogue = TinyCatalogue.of(30, artists(30));
        int[] items = new int[20];
        for (int i = 0; i < items.length; i++) {
            items[i] = i;
        }
        HeldOut heldOut = new HeldOut(HeldOut.Rule.TIME, items);
        int[] rows = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        ListScore score = ListScore.of(rows, heldOut, TinyCatalogue.artists(catalogue));
        assertThat(score.ndcgAt10()).isCloseTo(1, within(1e-12));
        assertThat(score.recallAt50()).isEqualTo(0.5);
    }

    private static String[] artists(int n) {
        String[] artists = new String[n];
        for (int i = 0; i < n; i++) {
            artists[i] = "Artist " + i;
        }
        return artists;
    }
}
