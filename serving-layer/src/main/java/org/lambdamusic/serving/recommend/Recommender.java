package org.lambdamusic.serving.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.TrackScore;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.ranking.ArtistIndex;
import org.lambdamusic.contracts.ranking.Ranked;
import org.lambdamusic.contracts.ranking.Signal;
import org.lambdamusic.contracts.ranking.SimilarRanking;
import org.lambdamusic.contracts.ranking.TopScores;
import org.lambdamusic.contracts.view.TrendingTrack;
import org.lambdamusic.serving.catalog.TrackItem;
import org.lambdamusic.serving.catalog.UnknownTrackException;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.profile.Listener;
import org.lambdamusic.serving.profile.Listeners;
import org.lambdamusic.serving.trending.TrendingBoard;
import org.springframework.stereotype.Component;

/**
 * The hybrid recommendation, reading the current model once so one answer never mixes two model
 * versions. With a seed track, by its {@link ScoringProfile}: the exact cosine neighbours from the
 * batch model (default), rescored by the artist boost from the user's likes (batch view plus speed
 * events after the watermark) and without the tracks the user's {@link Exclude} rule leaves out; or
 * the Kappa or "also play" profiles over every recommendable track. Without one: "for you" ({@link
 * ForYou}), or what is trending for a listener with nothing to rank by.
 */
@Component
public class Recommender {
    private static final int[] NONE = new int[0];
    private static final int TRENDING_FALLBACK = CandidatePools.MAX_TOP_N * 2;

    private final CurrentModel current;
    private final CandidatePools pools;
    private final Listeners listeners;
    private final ForYou forYou;
    private final TrendingBoard trending;
    private final ArtistBoost boost;
    private final AtomicReference<AllTimeTop> allTime = new AtomicReference<>();

    private record AllTimeTop(long generation, List<TrackScore> best) {}

    public Recommender(
            CurrentModel current,
            CandidatePools pools,
            Listeners listeners,
            ForYou forYou,
            TrendingBoard trending,
            ArtistBoost boost) {
        this.current = current;
        this.pools = pools;
        this.listeners = listeners;
        this.forYou = forYou;
        this.trending = trending;
        this.boost = boost;
    }

    /** With each kind's default profile: similarity for a seed, the blend for you. */
    public Recommendations recommend(String trackId, String userId, int topN, Exclude exclude) {
        return recommend(
                trackId, userId, topN, exclude, ScoringProfile.fromWire(null, trackId != null));
    }

    /**
     * @param profile of the request's kind (validated by {@link RecommendRequest})
     */
    public Recommendations recommend(
            String trackId, String userId, int topN, Exclude exclude, ScoringProfile profile) {
        SimilarityModel model = current.require();
        Listener listener = listeners.find(userId, model).orElse(null);
        if (trackId == null) {
            Recommendations ranked = forYou.rank(model, userId, listener, profile, topN);
            if (ranked != null) {
                return ranked;
            }
        }
        ListenerView view = listener == null ? null : listener.view();
        int[] liked = listener == null ? NONE : listener.likedArtistIds();
        int[] excluded = exclude.rows(view, model.catalog());
        if (trackId == null) {
            return new Recommendations(
                    null,
                    userId,
                    model.version(),
                    Recommendations.TRENDING,
                    exclude.wireName(),
                    excluded.length,
                    trendingPicks(model, topN, excluded),
                    Recommendations.TRENDING,
                    null);
        }
        int seed = seedRow(model, trackId);
        if (profile == ScoringProfile.SIMILARITY) {
            return similar(model, seed, userId, topN, exclude, liked, excluded);
        }
        return seeded(model, seed, userId, topN, exclude, liked, excluded, profile);
    }

    /**
     * @throws UnknownTrackException when the model does not know the track
     * @throws TrackNotInSampleException when it is outside the served sample's matrix rows
     */
    private static int seedRow(SimilarityModel model, String trackId) {
        int seed = model.catalog().rowOf(trackId);
        if (seed < 0) {
            throw new UnknownTrackException(trackId, model.version());
        }
        if (!model.catalog().inMatrix(seed)) {
            throw new TrackNotInSampleException(trackId, model.size(), model.version());
        }
        return seed;
    }

    /** Kappa or "also play" for a seed: one scan of every recommendable track (contracts). */
    private Recommendations seeded(
            SimilarityModel model,
            int seed,
            String userId,
            int topN,
            Exclude exclude,
            int[] liked,
            int[] excluded,
            ScoringProfile profile) {
        Ranked ranked =
                profile == ScoringProfile.KAPPA
                        ? SimilarRanking.kappa(
                                model.ranking(), seed, boost.factor(), liked, excluded, topN)
                        : SimilarRanking.alsoPlay(
                                model.ranking(), seed, boost.factor(), liked, excluded, topN);
        String reason = null;
        if (ranked.count() == 0 && profile == ScoringProfile.ALSO_PLAY) {
            reason =
                    !model.hasFactors()
                            ? "profile also_play: the served model "
                                    + model.version()
                                    + " has no collaborative-filtering factors (it was trained"
                                    + " without interactions)"
                            : "profile also_play: nobody in the master dataset up to the served"
                                    + " watermark played "
                                    + model.catalog().track(seed).trackId()
                                    + ", so it has no factors to compare";
        }
        return new Recommendations(
                TrackItem.of(model.catalog().track(seed), model.catalog()),
                userId,
                model.version(),
                Recommendations.SIMILAR,
                exclude.wireName(),
                excluded.length,
                RankedItems.seeded(model, seed, ranked, profile, liked),
                profile.wireName(),
                reason);
    }

    private Recommendations similar(
            SimilarityModel model,
            int seed,
            String userId,
            int topN,
            Exclude exclude,
            int[] liked,
            int[] excluded) {
        CandidatePool pool = pools.of(model, seed);
        if (model.isDense()
                && pool.length() < model.size() - 1
                && eligible(pool, excluded, CandidatePools.MAX_TOP_N) < topN) {
            // The pool's guarantee (everything that could reach the top 100 after the boost) no
            // longer covers top_n once this many of its best are excluded: use the whole row.
            pool = CandidatePools.wholeRow(model, seed);
        }
        return new Recommendations(
                TrackItem.of(model.catalog().track(seed), model.catalog()),
                userId,
                model.version(),
                Recommendations.SIMILAR,
                exclude.wireName(),
                excluded.length,
                select(model, pool, liked, topN, boost, excluded),
                ScoringProfile.SIMILARITY.wireName(),
                null);
    }

    /** How many of the pool's first {@code limit} candidates are not excluded. */
    private static int eligible(CandidatePool pool, int[] excluded, int limit) {
        int count = 0;
        for (int i = 0; i < Math.min(limit, pool.length()); i++) {
            if (!Exclude.contains(excluded, pool.row(i))) {
                count++;
            }
        }
        return count;
    }

    /** The top n of the pool by boosted score, best first (ties: lower row first). */
    static List<Recommendations.Recommendation> select(
            SimilarityModel model,
            CandidatePool pool,
            int[] likedArtistIds,
            int topN,
            ArtistBoost boost,
            int[] excluded) {
        ArtistIndex artists = model.artists();
        List<Recommendations.Recommendation> out = new ArrayList<>(Math.min(topN, pool.length()));
        if (likedArtistIds.length == 0) {
            // No boost: the pool is already in score order.
            for (int i = 0; i < pool.length() && out.size() < topN; i++) {
                if (!Exclude.contains(excluded, pool.row(i))) {
                    out.add(item(model, pool.row(i), pool.sim(i), ArtistBoost.NONE, -1));
                }
            }
            return out;
        }
        // T = the nth best eligible cosine: past T / boost not even a boosted track can enter.
        int scan = pool.length();
        int seen = 0;
        for (int i = 0; i < pool.length(); i++) {
            if (!Exclude.contains(excluded, pool.row(i)) && ++seen == topN) {
                if (pool.sim(i) > 0) {
                    double cutoff = pool.sim(i) / Math.max(1.0, boost.factor()) - 1e-6;
                    scan = i + 1;
                    while (scan < pool.length() && pool.sim(scan) >= cutoff) {
                        scan++;
                    }
                }
                break;
            }
        }
        int n = Math.min(topN, pool.length());
        TopScores best = new TopScores(n);
        for (int i = 0; i < scan; i++) {
            int row = pool.row(i);
            if (!Exclude.contains(excluded, row)) {
                double score =
                        ArtistBoost.score(pool.sim(i), boost.of(artists, row, likedArtistIds));
                best.offer(score, row, i);
            }
        }
        double[] scores = new double[n];
        int[] rows = new int[n];
        int[] refs = new int[n];
        int count = best.drainBestFirst(scores, rows, refs);
        for (int i = 0; i < count; i++) {
            out.add(boosted(model, rows[i], pool.sim(refs[i]), boost, likedArtistIds));
        }
        return out;
    }

    /**
     * The speed layer's trending window, best first, then the batch views' all-time scores, without
     * excluded tracks and tracks the model does not know.
     */
    private List<Recommendations.Recommendation> trendingPicks(
            SimilarityModel model, int topN, int[] excluded) {
        List<Recommendations.Recommendation> out = new ArrayList<>(topN);
        Set<String> taken = new HashSet<>();
        for (TrendingTrack t : trending.latest().map(v -> v.tracks()).orElse(List.of())) {
            addTrending(model, t.trackId(), t.score(), excluded, taken, out, topN);
        }
        for (TrackScore t : allTimeTop(model)) {
            addTrending(model, t.trackId(), t.score(), excluded, taken, out, topN);
        }
        return out;
    }

    private static void addTrending(
            SimilarityModel model,
            String trackId,
            long score,
            int[] excluded,
            Set<String> taken,
            List<Recommendations.Recommendation> out,
            int topN) {
        if (out.size() >= topN || score <= 0) {
            return;
        }
        int row = model.catalog().rowOf(trackId);
        if (row < 0 || Exclude.contains(excluded, row) || !taken.add(trackId)) {
            return;
        }
        CatalogTrack t = model.catalog().track(row);
        out.add(
                new Recommendations.Recommendation(
                        t.trackId(),
                        t.trackName(),
                        t.artists(),
                        0,
                        ArtistBoost.NONE,
                        score,
                        null,
                        Recommendations.Recommendation.TRENDING_SOURCE,
                        Recommendations.Recommendation.TRENDING_SIGNAL,
                        null,
                        null,
                        null));
    }

    private List<TrackScore> allTimeTop(SimilarityModel model) {
        AllTimeTop cached = allTime.get();
        if (cached != null && cached.generation() == model.generation()) {
            return cached.best();
        }
        List<TrackScore> best =
                model.views().tracks().stream()
                        .sorted(
                                Comparator.comparingLong(TrackScore::score)
                                        .reversed()
                                        .thenComparing(TrackScore::trackId))
                        .limit(TRENDING_FALLBACK)
                        .toList();
        allTime.set(new AllTimeTop(model.generation(), best));
        return best;
    }

    private static Recommendations.Recommendation boosted(
            SimilarityModel model, int row, float sim, ArtistBoost boost, int[] likedArtistIds) {
        int artist =
                likedArtistIds.length == 0
                        ? -1
                        : model.artists().firstArtistIn(row, likedArtistIds);
        return item(model, row, sim, artist >= 0 ? boost.factor() : ArtistBoost.NONE, artist);
    }

    private static Recommendations.Recommendation item(
            SimilarityModel model, int row, float sim, double boostFactor, int artist) {
        CatalogTrack t = model.catalog().track(row);
        return new Recommendations.Recommendation(
                t.trackId(),
                t.trackName(),
                t.artists(),
                sim,
                boostFactor,
                ArtistBoost.score(sim, boostFactor),
                artist >= 0 ? model.artists().name(artist) : null,
                Recommendations.Recommendation.SIMILARITY_SOURCE,
                Signal.SIMILARITY.wireName(),
                null,
                null,
                null);
    }
}
