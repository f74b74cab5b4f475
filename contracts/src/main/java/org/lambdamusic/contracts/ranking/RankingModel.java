package org.lambdamusic.contracts.ranking;

import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.cf.FoldIn;
import org.lambdamusic.contracts.cf.ImplicitRatings;
import org.lambdamusic.contracts.cf.ItemFactors;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.TrackScore;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.ScalerParams;

/**
 * Everything a ranking reads of one model version, built once per version by the serving layer
 * (when it swaps a version in) and by the batch job (to evaluate the version before publishing it),
 * so both rank with the same numbers: the recommendable tracks' content vectors, popularity prior
 * and artists, and the collaborative-filtering factors with their fold-in.
 */
public final class RankingModel {
    private final List<CatalogTrack> tracks;
    private final ContentVectors content;
    private final float[] popularity;
    private final ArtistIndex artists;
    private final ItemFactors items;
    private final FoldIn foldIn;
    private final FeedbackSettings feedback;

    /**
     * @param tracks the recommendable tracks (the model's matrix rows), in row order
     * @param trackScores the batch views' all-time track scores (empty without interactions)
     * @param factors the version's factors, {@link Factors#NONE} without
     * @param artists an index whose rows 0..n-1 are {@code tracks}
     */
    public RankingModel(
            List<CatalogTrack> tracks,
            ScalerParams scaler,
            List<TrackScore> trackScores,
            Factors factors,
            ArtistIndex artists,
            AlsSettings als,
            FeedbackSettings feedback) {
        this.tracks = tracks;
        this.content = new ContentVectors(scaler, tracks);
        this.popularity = PopularityPrior.of(tracks, trackScores);
        this.artists = artists;
        this.items = factors.present() ? factors.items() : null;
        this.foldIn = items == null ? null : new FoldIn(items, als);
        this.feedback = feedback;
    }

    public int size() {
        return tracks.size();
    }

    public ContentVectors content() {
        return content;
    }

    /** The popularity prior of a recommendable row, in [0, 1]. */
    public float popularity(int row) {
        return popularity[row];
    }

    public CatalogTrack track(int row) {
        return tracks.get(row);
    }

    public ArtistIndex artists() {
        return artists;
    }

    /** The item factors, or null for a version without them. */
    public ItemFactors items() {
        return items;
    }

    public boolean hasFactors() {
        return items != null;
    }

    /**
     * A listener's taste from their (merged) view: their factors folded in from the served item
     * factors ({@link FoldIn}, the {@link ImplicitRatings} of the view) unless {@code batchFactors}
     * are given (a listener with nothing after the watermark keeps what the batch trained), and the
     * centroid of their liked tracks.
     *
     * @param batchFactors the batch's factors of this listener, or null to fold in
     */
    public Taste taste(ListenerView view, TrackRows catalog, float[] batchFactors) {
        float[] factors = batchFactors;
        if (factors == null && foldIn != null) {
            factors = foldIn(ImplicitRatings.of(view, feedback), catalog);
        }
        return new Taste(factors, centroid(view.likedTracks(), catalog));
    }

    /** The fold-in of some ratings (track id to rating), null without factors to fold into. */
    public float[] foldIn(Map<String, Integer> ratings, TrackRows catalog) {
        if (foldIn == null) {
            return null;
        }
        int[] rows = new int[ratings.size()];
        float[] values = new float[ratings.size()];
        int count = 0;
        for (Map.Entry<String, Integer> r : ratings.entrySet()) {
            int row = catalog.rowOf(r.getKey());
            if (row >= 0) {
                rows[count] = row;
                values[count++] = r.getValue();
            }
        }
        return foldIn.solve(rows, values, count);
    }

    /** The content centroid of some tracks (any catalogue row), null when none is known. */
    public double[] centroid(List<String> trackIds, TrackRows catalog) {
        List<CatalogTrack> known =
                trackIds.stream()
                        .mapToInt(catalog::rowOf)
                        .filter(r -> r >= 0)
                        .mapToObj(catalog::track)
                        .toList();
        return content.centroid(known);
    }
}
