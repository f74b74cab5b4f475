package org.lambdamusic.serving.search;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.serving.catalog.Track;

/** A track with its raw audio features, by name in contract order. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrackDetails(
        String trackId,
        String trackName,
        String artists,
        String albumName,
        String trackGenre,
        Integer popularity,
        Map<String, Double> features) {

    public static TrackDetails of(Track t) {
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
                features);
    }
}
