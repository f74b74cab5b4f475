package org.lambdamusic.batch.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.lambdamusic.contracts.model.AudioFeatures;

/**
 * The columns of the Spotify Tracks layout the job reads. The header must name all of them; other
 * columns (the unnamed row index, duration_ms, explicit, time_signature) may be present or not.
 */
public final class CatalogColumns {
    public static final String TRACK_ID = "track_id";
    public static final String TRACK_NAME = "track_name";
    public static final String ARTISTS = "artists";
    public static final String ALBUM_NAME = "album_name";
    public static final String TRACK_GENRE = "track_genre";
    public static final String POPULARITY = "popularity";

    /** Required: a row missing any of these (or a feature) is dropped. */
    public static final List<String> REQUIRED_TEXT = List.of(TRACK_ID, TRACK_NAME, ARTISTS);

    /** Optional values, but the columns must exist: they are copied into tracks.csv.gz. */
    public static final List<String> OPTIONAL = List.of(ALBUM_NAME, TRACK_GENRE, POPULARITY);

    private CatalogColumns() {}

    /** Every column name the header must contain. */
    public static List<String> expected() {
        List<String> all = new ArrayList<>(REQUIRED_TEXT);
        all.addAll(OPTIONAL);
        all.addAll(AudioFeatures.NAMES);
        return all;
    }

    /** Names the header lacks, in {@link #expected()} order; empty when the header is usable. */
    public static List<String> missingFrom(List<String> header) {
        Set<String> present = new HashSet<>(header);
        List<String> missing = new ArrayList<>();
        for (String name : expected()) {
            if (!present.contains(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    /**
     * The explicit read schema for a file with this (already checked) header: every column as text,
     * in file order, so nothing is inferred and a bad number becomes a counted, dropped row instead
     * of a failed read. Unnamed or repeated columns get placeholder names.
     */
    public static StructType readSchema(List<String> header) {
        StructType schema = new StructType();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).isBlank() ? "_row_index" : header.get(i);
            if (!seen.add(name)) {
                name = "_dup_" + i + "_" + name;
                seen.add(name);
            }
            schema = schema.add(name, DataTypes.StringType, true);
        }
        return schema;
    }
}
