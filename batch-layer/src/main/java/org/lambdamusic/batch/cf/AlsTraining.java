package org.lambdamusic.batch.cf;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.cf.ItemFactors;
import org.lambdamusic.contracts.cf.ListenerFactors;
import org.lambdamusic.contracts.config.AlsSettings;
import scala.Tuple3;

/**
 * Trains Spark MLlib's ALS with implicit feedback ({@code org.apache.spark.ml.recommendation.ALS},
 * {@code implicitPrefs}) on a {@link RatingTable} and brings the factors to the driver: tracks by
 * catalogue row ({@link ItemFactors}), listeners by user id ({@link ListenerFactors}).
 *
 * <p>The same table and settings give bit-identical factors. Spark seeds each factor block from the
 * seed and the block id, so the blocks must be fixed ({@link #BLOCKS}) and the ids deterministic
 * (the table's). What else could vary is the order of floating-point sums:
 *
 * <ul>
 *   <li>the ratings enter as one partition in (user, item) order, so every shuffle that builds
 *       ALS's rating blocks has a single map output and keeps that order;
 *   <li>the Gram matrix YᵀY of each half-step is summed by {@code RDD.aggregate}, which merges the
 *       blocks' partial sums in the order their tasks finish; with two blocks that is {@code a + b}
 *       or {@code b + a}, equal in IEEE arithmetic, while three could be grouped differently.
 * </ul>
 *
 * Two blocks per side also suit the local master (two cores here); a listener's or a track's solve
 * is independent of how the others are blocked, so the block count only bounds parallelism.
 *
 * <p>Checkpoints ({@link #CHECKPOINT_INTERVAL}) go to the session's checkpoint directory ({@code
 * spark.checkpoint.dir}) when one is configured, which a cluster whose executors share no disk
 * needs (e.g. {@code -Dspark.checkpoint.dir=s3a://bucket/checkpoints}); otherwise to a temporary
 * directory of the driver's, removed after the training, which every executor of a local or
 * single-host master reaches. Reading a checkpoint back gives the same factors, so determinism
 * holds either way.
 */
public final class AlsTraining {
    /** User blocks and item blocks (see the class comment for why fixed, and why two). */
    public static final int BLOCKS = 2;

    /**
     * Iterations between checkpoints of the factors. Each iteration lengthens the factor RDDs'
     * lineage, and past about 20 a task's lineage no longer deserializes within a thread's stack
     * (StackOverflowError): a checkpoint cuts it. Spark's default interval.
     */
    static final int CHECKPOINT_INTERVAL = 10;

    private AlsTraining() {}

    /** The table's columns, shipped to the executors once. */
    private record Columns(int[] users, int[] items, float[] ratings) implements Serializable {}

    /**
     * @return the factors with their {@link FactorsInfo}, or {@link Factors#NONE} for an empty
     *     table (no interactions on catalogue tracks, or no positive one)
     */
    public static Factors train(SparkSession spark, RatingTable table, AlsSettings settings) {
        if (table.isEmpty()) {
            return Factors.NONE;
        }
        long start = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path checkpoints = null;
        scala.Option<String> configured = spark.sparkContext().getCheckpointDir();
        if (configured.isEmpty() || configured.get().equals(ownCheckpointDir)) {
            checkpoints = temporaryDirectory();
            spark.sparkContext().setCheckpointDir(checkpoints.toUri().toString());
            ownCheckpointDir = spark.sparkContext().getCheckpointDir().get();
        }
        Broadcast<Columns> columns =
                jsc.broadcast(new Columns(table.users(), table.items(), table.ratings()));
        try {
            Dataset<Row> ratings =
                    spark.range(0, table.size(), 1, 1)
                            .map(
                                    (MapFunction<Long, Tuple3<Integer, Integer, Float>>)
                                            i -> {
                                                Columns c = columns.value();
                                                int k = (int) (long) i;
                                                return new Tuple3<>(
                                                        c.users()[k], c.items()[k], c.ratings()[k]);
                                            },
                                    Encoders.tuple(
                                            Encoders.INT(), Encoders.INT(), Encoders.FLOAT()))
                            .toDF("user", "item", "rating");
            ALSModel model =
                    new ALS()
                            .setImplicitPrefs(true)
                            .setRank(settings.rank())
                            .setRegParam(settings.regParam())
                            .setAlpha(settings.alpha())
                            .setMaxIter(settings.iterations())
                            .setSeed(settings.seed())
                            .setNumUserBlocks(BLOCKS)
                            .setNumItemBlocks(BLOCKS)
                            .setCheckpointInterval(CHECKPOINT_INTERVAL)
                            .setUserCol("user")
                            .setItemCol("item")
                            .setRatingCol("rating")
                            .fit(ratings);
            ItemFactors items = itemFactors(model.itemFactors().collectAsList(), settings.rank());
            ListenerFactors listeners =
                    listenerFactors(
                            model.userFactors().collectAsList(), table.userIds(), settings.rank());
            model.userFactors().unpersist();
            model.itemFactors().unpersist();
            long trainMs = (System.nanoTime() - start) / 1_000_000;
            FactorsInfo info =
                    new FactorsInfo(
                            FactorsInfo.ALGORITHM,
                            settings.rank(),
                            settings.regParam(),
                            settings.alpha(),
                            settings.iterations(),
                            settings.seed(),
                            table.size(),
                            listeners.size(),
                            items.size(),
                            trainMs);
            return new Factors(info, items, listeners);
        } finally {
            columns.destroy();
            if (checkpoints != null) {
                delete(checkpoints);
            }
        }
    }

    /**
     * The checkpoint directory the last training set (a temporary one, deleted after it): a session
     * still pointing there gets a fresh one, rather than having it taken for a configured
     * directory.
     */
    private static volatile String ownCheckpointDir;

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("als-checkpoints-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temporary directory is no reason to fail the run.
        }
    }

    /** ALS's item rows (id = catalogue row, features) as {@link ItemFactors}, rows ascending. */
    static ItemFactors itemFactors(List<Row> rows, int rank) {
        Row[] sorted = rows.toArray(Row[]::new);
        Arrays.sort(sorted, Comparator.comparingInt(r -> r.getInt(0)));
        int[] ids = new int[sorted.length];
        float[] values = new float[sorted.length * rank];
        for (int i = 0; i < sorted.length; i++) {
            ids[i] = sorted[i].getInt(0);
            copy(sorted[i].getList(1), values, i * rank, rank);
        }
        return new ItemFactors(rank, ids, values);
    }

    /**
     * ALS's user rows (id = index into the table's sorted user ids) as {@link ListenerFactors};
     * since the indexes follow the ids' order, sorting by index sorts by user id.
     */
    static ListenerFactors listenerFactors(List<Row> rows, String[] userIds, int rank) {
        Row[] sorted = rows.toArray(Row[]::new);
        Arrays.sort(sorted, Comparator.comparingInt(r -> r.getInt(0)));
        String[] ids = new String[sorted.length];
        float[] values = new float[sorted.length * rank];
        for (int i = 0; i < sorted.length; i++) {
            ids[i] = userIds[sorted[i].getInt(0)];
            copy(sorted[i].getList(1), values, i * rank, rank);
        }
        return new ListenerFactors(rank, ids, values);
    }

    private static void copy(List<Float> features, float[] into, int at, int rank) {
        if (features.size() != rank) {
            throw new IllegalStateException(
                    "ALS returned " + features.size() + " factors, rank is " + rank);
        }
        for (int f = 0; f < rank; f++) {
            into[at + f] = features.get(f);
        }
    }
}
