package org.lambdamusic.serving.recommend;

import java.util.ArrayList;
import java.util.List;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.serving.catalog.ArtistIndex;
import org.lambdamusic.serving.catalog.TrackItem;
import org.lambdamusic.serving.catalog.UnknownTrackException;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.profile.ListenerProfiles;
import org.springframework.stereotype.Component;

/**
 * The hybrid recommendation: cosine similarity from the batch model, rescored by the artist boost
 * from the user's speed-layer likes. Reads the current model once, so one answer never mixes two
 * model versions.
 */
@Component
public class Recommender {
    private final CurrentModel current;
    private final CandidatePools pools;
    private final ListenerProfiles profiles;

    public Recommender(CurrentModel current, CandidatePools pools, ListenerProfiles profiles) {
        this.current = current;
        this.pools = pools;
        this.profiles = profiles;
    }

    public Recommendations recommend(String trackId, String userId, int topN) {
        SimilarityModel model = current.require();
        int seed = model.catalog().rowOf(trackId);
        if (seed < 0) {
            throw new UnknownTrackException(trackId, model.version());
        }
        if (!model.catalog().inMatrix(seed)) {
            throw new TrackNotInSampleException(trackId, model.size(), model.version());
        }
        int[] liked = profiles.likedArtistIds(userId, model);
        CandidatePool pool = pools.of(model, seed);
        List<Recommendations.Recommendation> items = select(model, pool, liked, topN);
        return new Recommendations(
                TrackItem.of(model.catalog().track(seed), model.catalog()),
                userId,
                model.version(),
                items);
    }

    /** The top n of the pool by boosted score, best first (ties: lower row first). */
    static List<Recommendations.Recommendation> select(
            SimilarityModel model, CandidatePool pool, int[] likedArtistIds, int topN) {
        ArtistIndex artists = model.artists();
        int n = Math.min(topN, pool.length());
        List<Recommendations.Recommendation> out = new ArrayList<>(n);
        if (likedArtistIds.length == 0) {
            // No boost: the pool is already in score order.
            for (int i = 0; i < n; i++) {
                out.add(item(model, pool.row(i), pool.sim(i), ArtistBoost.NONE));
            }
            return out;
        }
        int scan = pool.length();
        if (pool.length() > topN && pool.sim(topN - 1) > 0) {
            // Past T / 1.2 (T = the nth best cosine) not even a boosted track can enter the top n.
            double cutoff = pool.sim(topN - 1) / ArtistBoost.FACTOR - 1e-6;
            scan = topN;
            while (scan < pool.length() && pool.sim(scan) >= cutoff) {
                scan++;
            }
        }
        TopScores best = new TopScores(n);
        for (int i = 0; i < scan; i++) {
            int row = pool.row(i);
            double score =
                    ArtistBoost.score(pool.sim(i), ArtistBoost.of(artists, row, likedArtistIds));
            best.offer(score, row, i);
        }
        double[] scores = new double[n];
        int[] rows = new int[n];
        int[] refs = new int[n];
        int count = best.drainBestFirst(scores, rows, refs);
        for (int i = 0; i < count; i++) {
            float sim = pool.sim(refs[i]);
            out.add(item(model, rows[i], sim, ArtistBoost.of(artists, rows[i], likedArtistIds)));
        }
        return out;
    }

    private static Recommendations.Recommendation item(
            SimilarityModel model, int row, float sim, double boost) {
        CatalogTrack t = model.catalog().track(row);
        return new Recommendations.Recommendation(
                t.trackId(), t.trackName(), t.artists(), sim, boost, ArtistBoost.score(sim, boost));
    }
}
