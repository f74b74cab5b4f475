package org.lambdamusic.serving.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the model's catalog (tracks.csv.gz), in matrix row order.
 *
 * @param row matrix row
 * @param artists the dataset's artist string, several artists separated by ';'
 * @param popularity 0..100, null when the dataset left it empty
 * @param features the eleven raw audio features in {@code AudioFeatures.NAMES} order
 */
public record Track(
        int row,
        String trackId,
        String trackName,
        String artists,
        String albumName,
        String trackGenre,
        Integer popularity,
        double[] features) {

    /** The individual artist names: the dataset string split on ';', trimmed, blanks dropped. */
    public List<String> artistNames() {
        return splitArtists(artists);
    }

    public static List<String> splitArtists(String artists) {
        List<String> names = new ArrayList<>(2);
        if (artists == null) {
            return names;
        }
        for (String part : artists.split(";")) {
            String name = part.trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
