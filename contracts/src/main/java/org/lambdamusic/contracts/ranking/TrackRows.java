package org.lambdamusic.contracts.ranking;

import org.lambdamusic.contracts.model.CatalogTrack;

/** A model's catalogue by row: matrix rows 0..n-1, then the unsampled tracks. */
public interface TrackRows {
    /** The row of a track id, or -1. */
    int rowOf(String trackId);

    CatalogTrack track(int row);
}
