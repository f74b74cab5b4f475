package org.lambdamusic.serving.catalog;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A track as the API lists it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrackItem(
        String trackId,
        String trackName,
        String artists,
        String albumName,
        String trackGenre,
        Integer popularity) {

    public static TrackItem of(Track t) {
        return new TrackItem(
                t.trackId(),
                t.trackName(),
                t.artists(),
                t.albumName(),
                t.trackGenre(),
                t.popularity());
    }
}
