package org.lambdamusic.serving.catalog;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.lambdamusic.contracts.model.CatalogTrack;

/**
 * A track as the API lists it.
 *
 * @param recommendable whether the served model has similarities for it, i.e. whether it can seed
 *     POST /api/recommend (false for catalogue tracks outside a sample model)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrackItem(
        String trackId,
        String trackName,
        String artists,
        String albumName,
        String trackGenre,
        Integer popularity,
        boolean recommendable) {

    /** A track of {@code catalog}. */
    public static TrackItem of(CatalogTrack t, Catalog catalog) {
        return new TrackItem(
                t.trackId(),
                t.trackName(),
                t.artists(),
                t.albumName(),
                t.trackGenre(),
                t.popularity(),
                catalog.inMatrix(t.row()));
    }
}
