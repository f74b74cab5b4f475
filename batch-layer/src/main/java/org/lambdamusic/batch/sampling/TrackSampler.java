package org.lambdamusic.batch.sampling;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.List;
import org.apache.spark.sql.Column;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.batch.catalog.CatalogColumns;
import org.lambdamusic.batch.catalog.CollectedCatalog;
import org.lambdamusic.batch.catalog.Track;
import org.lambdamusic.batch.cli.SampleSize;

/**
 * Picks the model's tracks and fixes the matrix row order. Tracks are ordered by a seeded 64-bit
 * hash of their track_id (xxhash64, ties by track_id) and the first N kept: a function of the ids
 * and the seed only, so the sample is the same whatever the partitioning, the file order or the
 * master. {@code all} keeps every track, in the same order.
 */
public final class TrackSampler {
    private TrackSampler() {}

    /** The seeded key that fixes the matrix order (ties by track_id): xxhash64(seed, track_id). */
    public static Column sampleKey(long seed) {
        return xxhash64(lit(seed), col(CatalogColumns.TRACK_ID));
    }

    /**
     * The first N tracks of a catalog already in matrix order ({@link
     * org.lambdamusic.batch.catalog.CatalogCleaner#collect} with {@link #sampleKey}).
     */
    public static List<Track> sample(CollectedCatalog catalog, SampleSize size) {
        if (!size.isAll() && size.count() > catalog.clean()) {
            throw new BatchJobException(
                    "--sample "
                            + size.count()
                            + " is larger than the clean catalog ("
                            + catalog.clean()
                            + " tracks); use a smaller number or --sample all");
        }
        return size.isAll() ? catalog.tracks() : catalog.tracks().subList(0, size.count());
    }
}
