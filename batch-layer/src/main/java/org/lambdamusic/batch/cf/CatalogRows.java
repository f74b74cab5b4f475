package org.lambdamusic.batch.cf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.ranking.TrackRows;

/**
 * The catalogue of the version being built, by row: the model's tracks (rows 0..n-1, the
 * recommendable ones) then the clean tracks outside the sample (rows n..), as the serving layer
 * numbers them. ALS items are these rows, so factors line up with the published tables.
 */
public final class CatalogRows implements TrackRows {
    private final List<CatalogTrack> recommendable;
    private final List<CatalogTrack> unsampled;
    private final CatalogTrack[] all;
    private final Map<String, Integer> rowById;

    /**
     * @param recommendable the matrix rows, numbered 0..n-1
     * @param unsampled the other clean tracks, numbered from n
     */
    public CatalogRows(List<CatalogTrack> recommendable, List<CatalogTrack> unsampled) {
        this.recommendable = List.copyOf(recommendable);
        this.unsampled = List.copyOf(unsampled);
        List<CatalogTrack> rows = new ArrayList<>(recommendable.size() + unsampled.size());
        rows.addAll(recommendable);
        rows.addAll(unsampled);
        this.all = rows.toArray(CatalogTrack[]::new);
        this.rowById = new HashMap<>(all.length * 2);
        for (int row = 0; row < all.length; row++) {
            if (all[row].row() != row) {
                throw new IllegalArgumentException(
                        "track " + all[row].trackId() + " is numbered " + all[row].row());
            }
            rowById.put(all[row].trackId(), row);
        }
    }

    @Override
    public int rowOf(String trackId) {
        Integer row = rowById.get(trackId);
        return row == null ? -1 : row;
    }

    @Override
    public CatalogTrack track(int row) {
        return all[row];
    }

    /** Every catalogue row. */
    public int size() {
        return all.length;
    }

    /** Rows below this are the model's tracks, the ones a ranking may recommend. */
    public int recommendableCount() {
        return recommendable.size();
    }

    /** The model's tracks, rows 0..n-1. */
    public List<CatalogTrack> recommendable() {
        return recommendable;
    }

    /** The other clean tracks, rows n.. (catalog.csv.gz; none in full-catalogue mode). */
    public List<CatalogTrack> unsampled() {
        return unsampled;
    }

    /** Every row's track, in row order (the shape {@code ArtistIndex} is built from). */
    public CatalogTrack[] all() {
        return all.clone();
    }
}
