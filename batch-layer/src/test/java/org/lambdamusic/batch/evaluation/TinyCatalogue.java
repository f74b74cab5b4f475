package org.lambdamusic.batch.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.lambdamusic.batch.cf.CatalogRows;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.ranking.ArtistIndex;

/** A hand-made catalogue for the evaluation's unit tests: track {@code t<row>} by given artists. */
final class TinyCatalogue {
    private TinyCatalogue() {}

    /**
     * @param artists each row's artist string
     * @param recommendable rows below this are the model's tracks
     */
    static CatalogRows of(int recommendable, String... artists) {
        List<CatalogTrack> model = new ArrayList<>();
        List<CatalogTrack> rest = new ArrayList<>();
        for (int row = 0; row < artists.length; row++) {
            CatalogTrack t =
                    new CatalogTrack(
                            row,
                            "t" + row,
                            "Track " + row,
                            artists[row],
                            "Album",
                            "pop",
                            10 * (row % 10),
                            new double[] {row, 1, 2, 3, 4, 5, 6, 7, 8, 9, row % 3});
            (row < recommendable ? model : rest).add(t);
        }
        return new CatalogRows(model, rest);
    }

    static CatalogueArtists artists(CatalogRows catalogue) {
        return new CatalogueArtists(
                new ArtistIndex(catalogue.all()), catalogue.size(), catalogue.recommendableCount());
    }
}
