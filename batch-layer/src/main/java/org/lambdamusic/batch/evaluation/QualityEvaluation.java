package org.lambdamusic.batch.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.lambdamusic.batch.cf.AlsTraining;
import org.lambdamusic.batch.cf.CatalogRows;
import org.lambdamusic.batch.cf.RatingTable;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.model.Evaluation;
import org.lambdamusic.contracts.model.Evaluation.RankerQuality;
import org.lambdamusic.contracts.model.ScalerParams;
import org.lambdamusic.contracts.ranking.ArtistIndex;
import org.lambdamusic.contracts.ranking.ForYouRanking;
import org.lambdamusic.contracts.ranking.Ranked;
import org.lambdamusic.contracts.ranking.RankingModel;
import org.lambdamusic.contracts.ranking.SimilarRanking;
import org.lambdamusic.contracts.ranking.Taste;

/**
 * Measures a version's rankings on held-out listening before it is published, through the ranking
 * code the serving layer answers with (contracts' {@link RankingModel}, {@link ForYouRanking},
 * {@link SimilarRanking}), not a copy of it.
 *
 * <p>Two steps, so the batch job can stop Spark in between: {@link #prepare} splits the listeners
 * ({@link HoldoutSplit}) and trains ALS on the training listeners alone; {@link #measure} builds
 * the ranking model a batch run on those listeners would publish (their factors, their popularity),
 * folds each evaluated listener in from their kept part exactly as the serving layer folds in a
 * listener it has no factors for ({@link RankingModel#taste} with no batch factors), and ranks the
 * recommendable tracks for them with every ranker, their kept tracks excluded:
 *
 * <ul>
 *   <li>{@code blend}: "for you" with the served weights ({@link ScoringSettings});
 *   <li>{@code cf}, {@code content}, {@code popularity}: "for you" with one signal each;
 *   <li>{@code cooccurrence}: the item co-occurrence baseline ({@link Cooccurrence});
 *   <li>{@code kappa}, {@code similarity}, {@code also_play}: "similar to" the listener's last kept
 *       recommendable track;
 *   <li>{@code catalogue_popularity}: "for you" with popularity only, from a model without
 *       interactions, whose prior is the catalogue's Spotify popularity: what a version without
 *       listening data serves, and the "global popularity" of issue 16's first measurement.
 * </ul>
 */
public final class QualityEvaluation {
    /** Rows asked of every ranker: Recall@50 needs 50. */
    static final int LIST_LENGTH = 50;

    public static final List<String> RANKERS =
            List.of(
                    Evaluation.BLEND,
                    "cf",
                    "content",
                    "popularity",
                    "cooccurrence",
                    "kappa",
                    "similarity",
                    "also_play",
                    "catalogue_popularity");

    private final CatalogRows catalogue;
    private final ScalerParams scaler;
    private final FeedbackSettings feedback;
    private final AlsSettings als;
    private final ScoringSettings scoring;
    private final CatalogueArtists artists;

    public QualityEvaluation(
            CatalogRows catalogue,
            ScalerParams scaler,
            FeedbackSettings feedback,
            AlsSettings als,
            ScoringSettings scoring) {
        this.catalogue = catalogue;
        this.scaler = scaler;
        this.feedback = feedback;
        this.als = als;
        this.scoring = scoring;
        this.artists =
                new CatalogueArtists(
                        new ArtistIndex(catalogue.all()),
                        catalogue.size(),
                        catalogue.recommendableCount());
    }

    /** The split and the factors trained without the evaluated listeners. */
    public static final class Holdout {
        private final HoldoutSplit.Split split;
        private final Factors factors;
        private final long trainMs;

        Holdout(HoldoutSplit.Split split, Factors factors, long trainMs) {
            this.split = split;
            this.factors = factors;
            this.trainMs = trainMs;
        }

        public int evaluated() {
            return split.evaluated().size();
        }

        public int training() {
            return split.training().size();
        }

        public long trainMs() {
            return trainMs;
        }

        /** What the stage line says about the split. */
        public String describe() {
            return "listeners="
                    + evaluated()
                    + " by_artist="
                    + split.count(HeldOut.Rule.ARTIST)
                    + " by_time="
                    + split.count(HeldOut.Rule.TIME)
                    + " held_out="
                    + split.heldOutItems()
                    + " training_listeners="
                    + training()
                    + " train_ms="
                    + trainMs;
        }
    }

    /** The Spark part: who is evaluated, and ALS on everybody else. */
    public Holdout prepare(SparkSession spark, List<ListenerView> listeners) {
        HoldoutSplit.Split split = HoldoutSplit.split(listeners, catalogue, artists, feedback);
        long start = System.nanoTime();
        Factors factors =
                split.evaluated().isEmpty()
                        ? Factors.NONE
                        : AlsTraining.train(
                                spark, RatingTable.of(split.training(), catalogue, feedback), als);
        return new Holdout(split, factors, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The figures of every ranker, or null when no listener qualified for the evaluation.
     *
     * @param evalMs the time spent so far (the preparation), added to the manifest's eval_ms
     */
    public Evaluation measure(Holdout holdout, long evalMs) {
        List<HoldoutListener> evaluated = holdout.split.evaluated();
        if (evaluated.isEmpty()) {
            return null;
        }
        long start = System.nanoTime();
        List<ListenerView> training = holdout.split.training();
        RankingModel model =
                new RankingModel(
                        catalogue.recommendable(),
                        scaler,
                        TrainingTrackScores.of(training, feedback),
                        holdout.factors,
                        artists.index(),
                        als,
                        feedback);
        RankingModel withoutListening =
                new RankingModel(
                        catalogue.recommendable(),
                        scaler,
                        List.of(),
                        Factors.NONE,
                        artists.index(),
                        als,
                        feedback);
        Cooccurrence cooccurrence = new Cooccurrence(training, catalogue, feedback);
        // Each listener's lists computed in parallel, summed in listener order afterwards.
        int[][][] lists = new int[evaluated.size()][][];
        IntStream.range(0, evaluated.size())
                .parallel()
                .forEach(
                        i ->
                                lists[i] =
                                        rankAll(
                                                model,
                                                withoutListening,
                                                cooccurrence,
                                                evaluated.get(i)));
        List<RankerFigures> figures = new ArrayList<>();
        for (int r = 0; r < RANKERS.size(); r++) {
            figures.add(new RankerFigures(catalogue.recommendableCount()));
        }
        for (int i = 0; i < evaluated.size(); i++) {
            HeldOut heldOut = evaluated.get(i).heldOut();
            for (int r = 0; r < RANKERS.size(); r++) {
                int[] rows = lists[i][r];
                figures.get(r).add(rows, ListScore.of(rows, heldOut, artists), catalogue::track);
            }
        }
        Map<String, RankerQuality> rankers = new LinkedHashMap<>();
        for (int r = 0; r < RANKERS.size(); r++) {
            rankers.put(RANKERS.get(r), figures.get(r).quality());
        }
        return new Evaluation(
                HoldoutSplit.PROTOCOL,
                evaluated.size(),
                holdout.split.heldOutItems(),
                rankers,
                evalMs + (System.nanoTime() - start) / 1_000_000);
    }

    /** Every ranker's list for one listener, in {@link #RANKERS} order. */
    private int[][] rankAll(
            RankingModel model,
            RankingModel withoutListening,
            Cooccurrence cooccurrence,
            HoldoutListener l) {
        ListenerView kept = l.kept();
        Taste taste = model.taste(kept, catalogue, null);
        int[] liked = artists.index().artistIdsOfRows(rowsOf(kept.likedTracks()));
        int[] skip =
                rowsOf(
                                Stream.of(
                                                kept.playedTracks(),
                                                kept.likedTracks(),
                                                kept.skippedTracks())
                                        .flatMap(List::stream)
                                        .toList())
                        .stream()
                        .mapToInt(Integer::intValue)
                        .sorted()
                        .distinct()
                        .toArray();
        double boost = feedback.artistBoost();
        int seed = l.seedRow();
        return new int[][] {
            rows(ForYouRanking.rank(model, taste, scoring, boost, liked, skip, LIST_LENGTH)),
            rows(
                    ForYouRanking.rank(
                            model,
                            taste,
                            ScoringSettings.CF_ONLY,
                            boost,
                            liked,
                            skip,
                            LIST_LENGTH)),
            rows(
                    ForYouRanking.rank(
                            model,
                            taste,
                            ScoringSettings.CONTENT_ONLY,
                            boost,
                            liked,
                            skip,
                            LIST_LENGTH)),
            rows(
                    ForYouRanking.rank(
                            model,
                            taste,
                            ScoringSettings.POPULARITY_ONLY,
                            boost,
                            liked,
                            skip,
                            LIST_LENGTH)),
            cooccurrence.rank(l.keptPositive(), skip, LIST_LENGTH),
            seed < 0
                    ? new int[0]
                    : rows(SimilarRanking.kappa(model, seed, boost, liked, skip, LIST_LENGTH)),
            seed < 0
                    ? new int[0]
                    : rows(SimilarRanking.cosine(model, seed, boost, liked, skip, LIST_LENGTH)),
            seed < 0
                    ? new int[0]
                    : rows(SimilarRanking.alsoPlay(model, seed, boost, liked, skip, LIST_LENGTH)),
            rows(
                    ForYouRanking.rank(
                            withoutListening,
                            Taste.NONE,
                            ScoringSettings.POPULARITY_ONLY,
                            boost,
                            liked,
                            skip,
                            LIST_LENGTH))
        };
    }

    private List<Integer> rowsOf(List<String> trackIds) {
        List<Integer> rows = new ArrayList<>(trackIds.size());
        for (String id : trackIds) {
            int row = catalogue.rowOf(id);
            if (row >= 0) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static int[] rows(Ranked ranked) {
        return Arrays.copyOf(ranked.rows(), ranked.count());
    }
}
