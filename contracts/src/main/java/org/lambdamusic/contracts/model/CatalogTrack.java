package org.lambdamusic.contracts.model;

/**
 * One row of {@code tracks.csv.gz} or {@code catalog.csv.gz}.
 *
 * @param row matrix row for the model's tracks (0..n-1); catalogue rows outside the sample continue
 *     the numbering (n, n+1, ...), so a row number names one track across both files
 * @param artists the dataset's artist string, several artists separated by ';'
 * @param popularity 0..100, or null when the dataset left it empty or unparsable
 * @param features the eleven raw audio features in {@link AudioFeatures#NAMES} order
 */
public record CatalogTrack(
        int row,
        String trackId,
        String trackName,
        String artists,
        String albumName,
        String trackGenre,
        Integer popularity,
        double[] features) {

    /** The same track under another row number (a table cut or renumbered). */
    public CatalogTrack withRow(int newRow) {
        return new CatalogTrack(
                newRow, trackId, trackName, artists, albumName, trackGenre, popularity, features);
    }
}
