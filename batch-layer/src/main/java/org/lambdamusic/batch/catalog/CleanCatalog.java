package org.lambdamusic.batch.catalog;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The catalog after cleaning, and what was dropped on the way.
 *
 * @param usable typed rows with every required field ({@link CatalogLoader#typed} columns),
 *     duplicates of a track_id included
 * @param firsts one row per track_id: (track_id, position of its first usable row)
 * @param raw data rows read
 * @param dropped rows dropped per {@link DropReason#key()}, every reason present (0 when none)
 * @param clean distinct tracks kept
 */
public record CleanCatalog(
        Dataset<Row> usable,
        Dataset<Row> firsts,
        long raw,
        Map<String, Long> dropped,
        long clean) {}
