package org.lambdamusic.batch.catalog;

import org.lambdamusic.contracts.model.CatalogTrack;

/**
 * One clean catalog track as it enters the model.
 *
 * @param position the row's position in the input file (first occurrence wins on duplicates)
 * @param popularity 0-100, or null when the optional field was empty or not a number
 * @param features the eleven raw audio features in {@code AudioFeatures.NAMES} order
 */
public record Track(
        long position,
        String trackId,
        String trackName,
        String artists,
        String albumName,
        String trackGenre,
        Integer popularity,
        double[] features) {

    /** This track as a row of tracks.csv.gz or catalog.csv.gz. */
    public CatalogTrack toCatalogTrack(int row) {
        return new CatalogTrack(
                row, trackId, trackName, artists, albumName, trackGenre, popularity, features);
    }
}
