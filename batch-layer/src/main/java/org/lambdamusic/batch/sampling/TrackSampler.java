package org.lambdamusic.batch.sampling;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.batch.catalog.CatalogCleaner;
import org.lambdamusic.batch.catalog.CatalogColumns;
import org.lambdamusic.batch.catalog.CatalogLoader;
import org.lambdamusic.batch.catalog.CleanCatalog;
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
    private static final String SAMPLE_KEY = "sample_key";

    private TrackSampler() {}

    public static List<Track> sample(CleanCatalog catalog, SampleSize size, long seed) {
        if (!size.isAll() && size.count() > catalog.clean()) {
            throw new BatchJobException(
                    "--sample "
                            + size.count()
                            + " is larger than the clean catalog ("
                            + catalog.clean()
                            + " tracks); use a smaller number or --sample all");
        }
        Column key = sampleKey(seed);
        Dataset<Row> chosen;
        if (size.isAll()) {
            chosen =
                    catalog.usable()
                            .join(
                                    catalog.firsts().select(CatalogLoader.POSITION),
                                    catalog.usable()
                                            .col(CatalogLoader.POSITION)
                                            .equalTo(catalog.firsts().col(CatalogLoader.POSITION)),
                                    "left_semi");
        } else {
            // Choose on the narrow (track_id, position) table, then fetch only those rows.
            List<Row> picked =
                    catalog.firsts()
                            .withColumn(SAMPLE_KEY, key)
                            .orderBy(col(SAMPLE_KEY), col(CatalogColumns.TRACK_ID))
                            .select(CatalogLoader.POSITION)
                            .takeAsList(size.count());
            Object[] positions = new Object[picked.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = picked.get(i).getLong(0);
            }
            chosen = catalog.usable().filter(col(CatalogLoader.POSITION).isin(positions));
        }
        List<Column> columns = new ArrayList<>();
        for (String name : CatalogCleaner.CLEAN_COLUMNS) {
            columns.add(col(name));
        }
        columns.add(key.as(SAMPLE_KEY));
        List<Row> rows = chosen.select(columns.toArray(Column[]::new)).collectAsList();

        int keyIndex = CatalogCleaner.CLEAN_COLUMNS.size();
        List<Keyed> keyed = new ArrayList<>(rows.size());
        for (Row row : rows) {
            keyed.add(new Keyed(row.getLong(keyIndex), CatalogCleaner.toTrack(row)));
        }
        keyed.sort(MATRIX_ORDER);
        List<Track> tracks = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) {
            tracks.add(k.track());
        }
        return tracks;
    }

    /** The seeded key that fixes the matrix order (ties by track_id): xxhash64(seed, track_id). */
    public static Column sampleKey(long seed) {
        return xxhash64(lit(seed), col(CatalogColumns.TRACK_ID));
    }

    /**
     * The job's path: the first N of a catalog already in matrix order ({@link
     * org.lambdamusic.batch.catalog.CatalogCleaner#collect} with {@link #sampleKey}), the same
     * tracks in the same order as {@link #sample(CleanCatalog, SampleSize, long)}.
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

    private record Keyed(long key, Track track) {}

    private static final Comparator<Keyed> MATRIX_ORDER =
            Comparator.comparingLong(Keyed::key).thenComparing(k -> k.track().trackId());
}
