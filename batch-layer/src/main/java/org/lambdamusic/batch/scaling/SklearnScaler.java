package org.lambdamusic.batch.scaling;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.lambdamusic.batch.catalog.Track;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.ScalerParams;

/**
 * Fits MLlib's StandardScaler (with mean, with std) on the model's tracks and turns its result into
 * scikit-learn StandardScaler parameters, which the serving layer and the earlier Python system
 * use:
 *
 * <ul>
 *   <li>MLlib divides by the sample standard deviation (n - 1); scikit-learn by the population one
 *       (n): {@code scale = std * sqrt((n - 1) / n)}.
 *   <li>scikit-learn gives a constant feature scale 1 (so z = 0, not NaN), where "constant" means a
 *       variance within rounding error of zero ({@code _is_constant_feature}).
 * </ul>
 */
public final class SklearnScaler {
    private static final String FEATURES = "features";

    private SklearnScaler() {}

    public static ScalerParams fit(SparkSession spark, List<Track> tracks) {
        List<Row> rows = new ArrayList<>(tracks.size());
        for (Track track : tracks) {
            rows.add(RowFactory.create(Vectors.dense(track.features())));
        }
        StructType schema = new StructType().add(FEATURES, SQLDataTypes.VectorType(), false);
        Dataset<Row> frame = spark.createDataFrame(rows, schema);
        StandardScalerModel model =
                new StandardScaler()
                        .setInputCol(FEATURES)
                        .setOutputCol("scaled")
                        .setWithMean(true)
                        .setWithStd(true)
                        .fit(frame);
        return fromSampleStatistics(model.mean().toArray(), model.std().toArray(), tracks.size());
    }

    /**
     * scikit-learn parameters from the mean and sample standard deviation of {@code n} rows.
     *
     * @param sampleStd standard deviation with the n - 1 denominator, as MLlib reports it
     */
    public static ScalerParams fromSampleStatistics(double[] mean, double[] sampleStd, long n) {
        double[] scale = new double[mean.length];
        double correction = n > 1 ? Math.sqrt((n - 1) / (double) n) : 0.0;
        for (int f = 0; f < scale.length; f++) {
            double populationStd = sampleStd[f] * correction;
            double variance = populationStd * populationStd;
            scale[f] =
                    isConstant(variance, mean[f], n) || !Double.isFinite(populationStd)
                            ? 1.0
                            : populationStd;
        }
        return new ScalerParams(AudioFeatures.NAMES, mean.clone(), scale);
    }

    /** scikit-learn's {@code _is_constant_feature}: variance within float64 rounding of zero. */
    static boolean isConstant(double variance, double mean, long n) {
        double eps = Math.ulp(1.0);
        double bound = n * eps * variance + Math.pow(n * mean * eps, 2);
        return variance <= bound;
    }
}
