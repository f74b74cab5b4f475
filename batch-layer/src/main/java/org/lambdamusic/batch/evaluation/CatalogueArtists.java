package org.lambdamusic.batch.evaluation;

import java.util.List;
import org.lambdamusic.contracts.ranking.ArtistIndex;

/**
 * Every catalogue row's artists as {@link ArtistIndex} ids (the index the rankings boost with), and
 * which artists have a track a ranking may recommend (a row below the model's size).
 */
final class CatalogueArtists {
    private final ArtistIndex index;
    private final int[][] byRow;
    private final boolean[] recommendable;

    CatalogueArtists(ArtistIndex index, int rows, int recommendableRows) {
        this.index = index;
        this.byRow = new int[rows][];
        this.recommendable = new boolean[index.artistCount()];
        for (int row = 0; row < rows; row++) {
            byRow[row] = index.artistIdsOfRows(List.of(row));
            if (row < recommendableRows) {
                for (int artist : byRow[row]) {
                    recommendable[artist] = true;
                }
            }
        }
    }

    ArtistIndex index() {
        return index;
    }

    /** The row's artist ids, ascending. */
    int[] of(int row) {
        return byRow[row];
    }

    boolean hasRecommendableTrack(int artist) {
        return recommendable[artist];
    }

    String name(int artist) {
        return index.name(artist);
    }
}
