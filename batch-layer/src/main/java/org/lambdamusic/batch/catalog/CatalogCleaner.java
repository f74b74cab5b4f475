package org.lambdamusic.batch.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.contracts.model.AudioFeatures;

/**
 * Drops unusable rows and keeps one row per track_id: the first in file order, so the choice does
 * not depend on partitioning. Raw and per-reason counts are observed on the way through the one
 * query that reads the input.
 *
 * <p>A bad value in one row drops that row ({@code unparsable_feature}); a feature column in which
 * not a single value is a number means the file is not in the expected layout, and is fatal.
 */
public final class CatalogCleaner {
    /** The columns of a clean track row ({@link #toTrack}), in order. */
    public static final List<String> CLEAN_COLUMNS = cleanColumns();

    private CatalogCleaner() {}

    /**
     * The job's path: one Spark query over the input that counts rows by drop reason on the way
     * ({@link Dataset#observe}) and brings the usable rows, with their sample key, to the driver,
     * where the first occurrence of each track_id is kept and the tracks are put in matrix order.
     * The job needs the chosen tracks on the driver anyway (tracks.csv.gz, the matrix), and for an
     * input of this size one pass without a cache or a shuffle is several times cheaper in a fresh
     * JVM than a Spark-side dedup (a cache, an aggregation on (track_id, position), a shuffle).
     *
     * @param typed rows from {@link CatalogLoader#typed}, read once
     * @param sampleKey the 64-bit key that orders the tracks (ties by track_id)
     */
    public static CollectedCatalog collect(Dataset<Row> typed, Column sampleKey) {
        Column reason = col(CatalogLoader.DROP_REASON);
        List<Column> metrics = new ArrayList<>();
        metrics.add(
                countWhen(reason.equalTo(DropReason.MISSING_REQUIRED_FIELD.key())).as("missing"));
        metrics.add(
                countWhen(reason.equalTo(DropReason.UNPARSABLE_FEATURE.key())).as("unparsable"));
        for (String feature : AudioFeatures.NAMES) {
            metrics.add(count(col(feature)).as("numeric_" + feature));
        }
        Observation counts = new Observation("catalog_counts");
        List<Column> columns = new ArrayList<>();
        for (String name : CLEAN_COLUMNS) {
            columns.add(col(name));
        }
        columns.add(sampleKey.as("sample_key"));
        List<Row> usable =
                typed.observe(counts, count(lit(1)).as("raw"), metrics.toArray(Column[]::new))
                        .filter(reason.isNull())
                        .select(columns.toArray(Column[]::new))
                        .collectAsList();
        Map<String, Object> observed;
        try {
            observed = counts.getAsJava();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchJobException("interrupted while reading the catalog counts");
        }
        long raw = (Long) observed.get("raw");
        long missing = (Long) observed.get("missing");
        long unparsable = (Long) observed.get("unparsable");
        if (raw == 0) {
            throw new BatchJobException("input has a header but no data rows");
        }
        for (String feature : AudioFeatures.NAMES) {
            if ((Long) observed.get("numeric_" + feature) == 0) {
                throw new BatchJobException(
                        "column '"
                                + feature
                                + "' has no numeric value in any of the "
                                + raw
                                + " rows");
            }
        }
        int keyIndex = CLEAN_COLUMNS.size();
        Map<String, Row> firsts = new HashMap<>(usable.size() * 2);
        for (Row row : usable) {
            // Position, not arrival order, decides: the same whatever the partitioning.
            firsts.merge(row.getString(1), row, (a, b) -> a.getLong(0) <= b.getLong(0) ? a : b);
        }
        if (firsts.isEmpty()) {
            throw new BatchJobException(
                    "no row survived cleaning ("
                            + raw
                            + " rows, all missing or unparsable fields)");
        }
        List<Row> ordered = new ArrayList<>(firsts.values());
        ordered.sort(
                Comparator.<Row>comparingLong(r -> r.getLong(keyIndex))
                        .thenComparing(r -> r.getString(1)));
        List<Track> tracks = new ArrayList<>(ordered.size());
        for (Row row : ordered) {
            tracks.add(toTrack(row));
        }
        Map<String, Long> dropped = new LinkedHashMap<>();
        dropped.put(DropReason.MISSING_REQUIRED_FIELD.key(), missing);
        dropped.put(DropReason.UNPARSABLE_FEATURE.key(), unparsable);
        dropped.put(
                DropReason.DUPLICATE_TRACK_ID.key(), raw - missing - unparsable - tracks.size());
        return new CollectedCatalog(raw, dropped, List.copyOf(tracks));
    }

    private static Column countWhen(Column condition) {
        return count(when(condition, lit(1)));
    }

    private static List<String> cleanColumns() {
        List<String> names = new ArrayList<>();
        names.add(CatalogLoader.POSITION);
        names.addAll(CatalogColumns.REQUIRED_TEXT);
        names.addAll(CatalogColumns.OPTIONAL);
        names.addAll(AudioFeatures.NAMES);
        return List.copyOf(names);
    }

    /** Reads a row whose first columns are {@link #CLEAN_COLUMNS} into a record. */
    public static Track toTrack(Row row) {
        double[] features = new double[AudioFeatures.COUNT];
        int firstFeature = CLEAN_COLUMNS.indexOf(AudioFeatures.NAMES.get(0));
        for (int f = 0; f < features.length; f++) {
            features[f] = row.getDouble(firstFeature + f);
        }
        int popularity = CLEAN_COLUMNS.indexOf(CatalogColumns.POPULARITY);
        return new Track(
                row.getLong(0),
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.isNullAt(popularity) ? null : row.getInt(popularity),
                features);
    }
}
