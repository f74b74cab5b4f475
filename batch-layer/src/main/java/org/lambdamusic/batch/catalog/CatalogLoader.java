package org.lambdamusic.batch.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.lambdamusic.contracts.model.AudioFeatures;

/**
 * Reads the CSV with an explicit all-text schema and types it: the eleven features become doubles
 * ({@code try_cast}, so a bad number is null rather than a failed job), popularity an int, and each
 * row gets its {@link #POSITION} in the file and a {@link #DROP_REASON} (null for a usable row).
 */
public final class CatalogLoader {
    public static final String POSITION = "position";
    public static final String DROP_REASON = "drop_reason";

    private CatalogLoader() {}

    public static Dataset<Row> load(SparkSession spark, InputFile input) {
        Dataset<Row> text =
                spark.read()
                        .schema(CatalogColumns.readSchema(input.header()))
                        .option("header", "true")
                        .option("mode", "PERMISSIVE")
                        .option("quote", "\"")
                        .option("escape", "\"") // RFC 4180: a quote inside quotes is doubled
                        .option("multiLine", "false")
                        .option("encoding", "UTF-8")
                        .option("nullValue", "")
                        .csv(input.uri());
        return typed(text);
    }

    /** Types the text columns and classifies each row; public so tests can feed in-memory rows. */
    public static Dataset<Row> typed(Dataset<Row> text) {
        List<Column> out = new ArrayList<>();
        // Single gzip files are one partition, plain files split in file order: either way the id
        // grows with the position in the file, which is all "first occurrence wins" needs.
        out.add(monotonically_increasing_id().as(POSITION));
        for (String name : CatalogColumns.REQUIRED_TEXT) {
            out.add(col(name));
        }
        out.add(col(CatalogColumns.ALBUM_NAME));
        out.add(col(CatalogColumns.TRACK_GENRE));
        out.add(
                trim(col(CatalogColumns.POPULARITY))
                        .try_cast(DataTypes.DoubleType)
                        .try_cast(DataTypes.IntegerType)
                        .as(CatalogColumns.POPULARITY));

        Column missing = lit(false);
        for (String name : CatalogColumns.REQUIRED_TEXT) {
            missing = missing.or(blank(col(name)));
        }
        Column unparsable = lit(false);
        for (String name : AudioFeatures.NAMES) {
            Column raw = col(name);
            Column value = trim(raw).try_cast(DataTypes.DoubleType);
            missing = missing.or(blank(raw));
            unparsable = unparsable.or(notFinite(value));
            out.add(value.as(name));
        }
        out.add(
                when(missing, lit(DropReason.MISSING_REQUIRED_FIELD.key()))
                        .when(unparsable, lit(DropReason.UNPARSABLE_FEATURE.key()))
                        .otherwise(lit(null).cast(DataTypes.StringType))
                        .as(DROP_REASON));
        return text.select(out.toArray(Column[]::new));
    }

    private static Column blank(Column text) {
        return text.isNull().or(trim(text).equalTo(""));
    }

    private static Column notFinite(Column value) {
        return value.isNull()
                .or(isnan(value))
                .or(value.equalTo(Double.POSITIVE_INFINITY))
                .or(value.equalTo(Double.NEGATIVE_INFINITY));
    }
}
