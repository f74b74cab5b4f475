package org.lambdamusic.batch.cf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lambdamusic.batch.SparkSessions;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.cf.FoldIn;
import org.lambdamusic.contracts.config.AlsSettings;

/** Spark MLlib ALS as the batch trains it (local[2]): determinism, and the fold-in against it. */
class AlsTrainingTest {
    private static final AlsSettings SETTINGS = new AlsSettings(8, 0.05, 8, 6, 42);
    private static final RatingTable TABLE = SyntheticRatings.of(300, 400, 4, 7);

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSessions.start("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void theSameRatingsAndSeedGiveBitIdenticalFactorsInOneSessionAndInAFreshOne() {
        Factors first = AlsTraining.train(spark, TABLE, SETTINGS);
        Factors second = AlsTraining.train(spark, TABLE, SETTINGS);
        spark.stop();
        spark = SparkSessions.start("local[2]");
        Factors fresh = AlsTraining.train(spark, TABLE, SETTINGS);

        assertThat(first.items().size()).isEqualTo(TABLE.itemCount());
        assertThat(first.listeners().size()).isEqualTo(TABLE.listenerCount());
        assertThat(first.info().ratings()).isEqualTo(TABLE.size());
        for (Factors other : new Factors[] {second, fresh}) {
            assertThat(other.items().rows()).isEqualTo(first.items().rows());
            assertThat(other.listeners().userIds()).isEqualTo(first.listeners().userIds());
            // Bit for bit: compare the raw int bits, not floats within a tolerance.
            assertThat(bits(other.items().values())).isEqualTo(bits(first.items().values()));
            assertThat(bits(other.listeners().values()))
                    .isEqualTo(bits(first.listeners().values()));
        }
        // Another seed starts elsewhere: the test above would notice a seed that is ignored.
        Factors reseeded =
                AlsTraining.train(
                        spark,
                        TABLE,
                        new AlsSettings(
                                SETTINGS.rank(),
                                SETTINGS.regParam(),
                                SETTINGS.alpha(),
                                SETTINGS.iterations(),
                                43));
        assertThat(bits(reseeded.items().values())).isNotEqualTo(bits(first.items().values()));
    }

    /**
     * Spark's implicit ALS ends every iteration with the user step, solved against the final item
     * factors: so {@link FoldIn} of a trained listener's ratings with the published item factors
     * solves the very equation Spark's last step solved, at any number of iterations (convergence
     * is not needed, hence 2 iterations as well as 15). Both build the normal equations in double
     * precision from the same float factors, solve by Cholesky and round the solution to float;
     * only the order of the Gram matrix's sums may differ (Spark sums it per block). That moves the
     * double solution far below a float's rounding step, so the tolerance is one float rounding
     * step of the largest factor (1e-6 relative, float epsilon is 1.2e-7 per unit). On this table
     * all 300 listeners' folded vectors came out bit-identical to Spark's.
     */
    @Test
    void foldingInATrainedListenerGivesTheFactorsSparkTrainedForThem() {
        for (int iterations : new int[] {2, 15}) {
            AlsSettings settings = new AlsSettings(8, 0.05, 8, iterations, SETTINGS.seed());
            Factors factors = AlsTraining.train(spark, TABLE, settings);
            FoldIn foldIn = new FoldIn(factors.items(), settings);
            int rank = settings.rank();
            double worst = 0;
            int from = 0;
            for (int user = 0; user < TABLE.listenerCount(); user++) {
                int to = from;
                while (to < TABLE.size() && TABLE.users()[to] == user) {
                    to++;
                }
                float[] folded =
                        foldIn.solve(
                                Arrays.copyOfRange(TABLE.items(), from, to),
                                Arrays.copyOfRange(TABLE.ratings(), from, to),
                                to - from);
                float[] trained = factors.listeners().of(TABLE.userIds()[user]);
                double scale = 0;
                for (float v : trained) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int f = 0; f < rank; f++) {
                    worst = Math.max(worst, Math.abs(folded[f] - trained[f]) / scale);
                }
                from = to;
            }
            assertThat(worst).as("iterations " + iterations).isLessThanOrEqualTo(1e-6);
        }
    }

    /**
     * Each ALS iteration adds to the factor RDDs' lineage; without checkpoints a task's serialized
     * lineage grows until deserializing it overflows the stack (20 iterations did on the replayed
     * Last.fm data). Checkpoints cut it every {@link AlsTraining#CHECKPOINT_INTERVAL} iterations.
     */
    @Test
    void manyIterationsTrainWithoutOverflowingTheStack() {
        AlsSettings many = new AlsSettings(4, 0.05, 8, 30, 42);
        Factors factors = AlsTraining.train(spark, SyntheticRatings.of(60, 80, 4, 3), many);
        assertThat(factors.info().iterations()).isEqualTo(30);
        assertThat(factors.listeners().size()).isEqualTo(60);
    }

    @Test
    void anEmptyTableTrainsNothing() {
        RatingTable empty = new RatingTable(new String[0], new int[0], new int[0], new float[0]);
        assertThat(AlsTraining.train(spark, empty, SETTINGS).present()).isFalse();
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
