package org.lambdamusic.batch.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lambdamusic.batch.SparkSessions;
import org.lambdamusic.batch.catalog.Track;
import org.lambdamusic.contracts.model.ScalerParams;

class SklearnScalerTest {
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSessions.start("local[1]");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void correctsMllibSampleStdToPopulationStd() {
        // Feature 0 over four rows: 1, 2, 3, 4. mean = 2.5; squared deviations sum to
        // 2.25 + 0.25 + 0.25 + 2.25 = 5. MLlib: sqrt(5 / 3) = 1.2909944; scikit-learn: sqrt(5 / 4)
        // = 1.1180340.
        ScalerParams p =
                SklearnScaler.fromSampleStatistics(
                        new double[] {2.5}, new double[] {Math.sqrt(5.0 / 3.0)}, 4);
        assertThat(p.mean()[0]).isEqualTo(2.5);
        assertThat(p.scale()[0]).isCloseTo(1.1180339887, within(1e-9));
    }

    @Test
    void zeroVarianceGetsScaleOne() {
        ScalerParams p =
                SklearnScaler.fromSampleStatistics(
                        new double[] {7.0, 0.0}, new double[] {0.0, 0.0}, 10);
        assertThat(p.scale()).containsExactly(1.0, 1.0);
        // z of a constant feature is 0, not NaN.
        assertThat(p.standardize(new double[] {7.0, 0.0})).containsExactly(0.0, 0.0);
    }

    @Test
    void varianceWithinRoundingOfZeroCountsAsConstant() {
        // A constant 0.1 summed in floating point leaves a variance of ~1e-34, not 0;
        // scikit-learn's
        // _is_constant_feature treats that as constant, and so must we.
        assertThat(SklearnScaler.isConstant(1e-34, 0.1, 1000)).isTrue();
        assertThat(SklearnScaler.isConstant(1e-6, 0.1, 1000)).isFalse();
    }

    @Test
    void singleRowHasScaleOne() {
        ScalerParams p =
                SklearnScaler.fromSampleStatistics(
                        new double[] {3.0}, new double[] {Double.NaN}, 1);
        assertThat(p.scale()).containsExactly(1.0);
    }

    @Test
    void mllibFitGivesScikitLearnParameters() {
        // Eleven features; feature 0 is 1, 2, 3, 4 (mean 2.5, population std 1.1180340), feature 1
        // is 0, 0, 0, 8 (mean 2, population variance (4 + 4 + 4 + 36) / 4 = 12, std 3.4641016),
        // feature 2 is constant 5 (scale 1), the rest are 0 (scale 1).
        double[][] rows = {{1, 0, 5}, {2, 0, 5}, {3, 0, 5}, {4, 8, 5}};
        List<Track> tracks = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            double[] f = new double[11];
            System.arraycopy(rows[i], 0, f, 0, 3);
            tracks.add(new Track(i, "t" + i, "n", "a", "al", "g", 1, f));
        }
        ScalerParams p = SklearnScaler.fit(spark, tracks);
        assertThat(p.mean()[0]).isCloseTo(2.5, within(1e-12));
        assertThat(p.mean()[1]).isCloseTo(2.0, within(1e-12));
        assertThat(p.mean()[2]).isCloseTo(5.0, within(1e-12));
        assertThat(p.scale()[0]).isCloseTo(1.1180339887, within(1e-9));
        assertThat(p.scale()[1]).isCloseTo(3.4641016151, within(1e-9));
        assertThat(p.scale()[2]).isEqualTo(1.0);
        assertThat(p.scale()[10]).isEqualTo(1.0);
        assertThat(p.features()).hasSize(11);
    }
}
