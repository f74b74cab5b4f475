package org.lambdamusic.serving.search;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.serving.catalog.Catalog;

/**
 * A track with its raw audio features, by name in contract order.
 *
 * @param recommendable whether the served model has similarities for it (see TrackItem)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrackDetails(
        String trackId,
        String trackName,
        String artists,
        String albumName,
        String trackGenre,
        Integer popularity,
        boolean recommendable,
        Map<String, Double> features) {

    public static TrackDetails of(CatalogTrack t, Catalog catalog) {
        Map<String, Double> features = new LinkedHashMap<>();
        for (int i = 0; i < AudioFeatures.COUNT; i++) {
            features.put(AudioFeatures.NAMES.get(i), t.features()[i]);
        }
        return new TrackDetails(
                t.trackId(),
                t.trackName(),
                t.artists(),
                t.albumName(),
                t.trackGenre(),
                t.popularity(),
                catalog.inMatrix(t.row()),
                features);
    }
}
