package org.lambdamusic.contracts.ranking;

import org.lambdamusic.contracts.cf.ItemFactors;
import org.lambdamusic.contracts.config.ScoringSettings;

/**
 * "For you": every recommendable track scored by the blend
 *
 * <pre>
 * score = (w_cf·cf + w_content·content + w_popularity·popularity) × boost
 * </pre>
 *
 * where cf is the listener's factors · the track's over the best such product among the candidates
 * (0 for a track without factors, or a listener without a vector), content the cosine to the
 * listener's liked-tracks centroid (negative cosines count 0), popularity the {@link
 * PopularityPrior}, and boost the artist boost for a track by an artist the listener liked. One
 * pass over the n rows with a bounded heap (no sort, no per-row allocation), skipping the content
 * part of rows whose upper bound cannot enter it (same result, most rows cheaper); the serving
 * layer answers with it and the batch job measures it, so what is measured is what is served.
 */
public final class ForYouRanking {
    private ForYouRanking() {}

    /**
     * @param likedArtistIds the listener's liked artists as sorted {@link ArtistIndex} ids
     * @param skipRows rows to leave out, ascending (the listener's own tracks, the exclusion rule)
     */
    public static Ranked rank(
            RankingModel model,
            Taste taste,
            ScoringSettings weights,
            double boostFactor,
            int[] likedArtistIds,
            int[] skipRows,
            int topN) {
        int n = model.size();
        ItemFactors items = model.items();
        float[] user = taste.factors();
        boolean useCf = user != null && items != null && weights.cfWeight() > 0;
        // Pass 1, over the tracks with factors only: their products, and the best for the scale.
        float[] dots = null;
        int withFactors = 0;
        double bestDot = 0;
        if (useCf) {
            int[] itemRows = items.rows();
            while (withFactors < itemRows.length && itemRows[withFactors] < n) {
                withFactors++;
            }
            dots = new float[withFactors];
            int k = items.rank();
            float[] y = items.values();
            for (int i = 0, at = 0; i < withFactors; i++, at += k) {
                double dot = 0;
                for (int f = 0; f < k; f++) {
                    dot += user[f] * y[at + f];
                }
                dots[i] = (float) dot;
                bestDot = Math.max(bestDot, dot);
            }
            useCf = bestDot > 0;
        }
        double cfScale = useCf ? 1 / bestDot : 0;
        double[] centroid = taste.centroid();
        double wCf = weights.cfWeight();
        double wContent = centroid == null ? 0 : weights.contentWeight();
        double wPopularity = weights.popularityWeight();
        ContentVectors content = model.content();
        ArtistIndex artists = model.artists();
        int[] itemRows = useCf ? items.rows() : null;

        int capacity = Math.min(topN, n);
        TopScores best = new TopScores(capacity);
        // Once the heap is full, a row whose score cannot beat the worst kept one is not scored
        // further: its bound takes the content part at its largest (a cosine of unit vectors: 1,
        // plus a hair for float rounding) and the larger boost. Rows come in ascending order, so
        // an equal score never displaces a kept row: the ranking is exactly the one without the
        // bound, minus most of the content cosines and artist lookups.
        double contentBound = wContent * (1 + 1e-6);
        double boostBound = likedArtistIds.length > 0 ? Math.max(1, boostFactor) : 1;
        int nextItem = 0;
        int nextSkip = 0;
        for (int row = 0; row < n; row++) {
            double cf = 0;
            if (useCf) {
                while (nextItem < withFactors && itemRows[nextItem] < row) {
                    nextItem++;
                }
                if (nextItem < withFactors && itemRows[nextItem] == row && dots[nextItem] > 0) {
                    cf = dots[nextItem] * cfScale;
                }
            }
            while (nextSkip < skipRows.length && skipRows[nextSkip] < row) {
                nextSkip++;
            }
            if (nextSkip < skipRows.length && skipRows[nextSkip] == row) {
                continue;
            }
            double score = wCf * cf + wPopularity * model.popularity(row);
            if (best.size() == capacity
                    && (score + contentBound) * boostBound <= best.worstScore()) {
                continue;
            }
            if (wContent > 0) {
                score += wContent * Math.max(0, content.cosine(centroid, row));
            }
            if (likedArtistIds.length > 0 && artists.anyArtistIn(row, likedArtistIds)) {
                score *= boostFactor;
            }
            best.offer(score, row, row);
        }

        Ranked out = Ranked.ofCapacity(best.size());
        int count = best.drainBestFirst(out.scores(), out.rows(), new int[best.size()]);
        for (int i = 0; i < count; i++) {
            int row = out.rows()[i];
            float cf = 0;
            if (useCf) {
                int index = items.indexOf(row);
                cf = index >= 0 && dots[index] > 0 ? (float) (dots[index] * cfScale) : 0f;
            }
            float cos = centroid == null ? 0f : (float) Math.max(0, content.cosine(centroid, row));
            float pop = model.popularity(row);
            out.cf()[i] = cf;
            out.content()[i] = cos;
            out.popularity()[i] = pop;
            out.boosts()[i] =
                    likedArtistIds.length > 0 && artists.anyArtistIn(row, likedArtistIds)
                            ? boostFactor
                            : 1.0;
            double a = wCf * cf;
            double b = wContent * cos;
            double c = wPopularity * pop;
            out.signals()[i] =
                    a >= b && a >= c && a > 0
                            ? Signal.CF
                            : b >= c ? Signal.CONTENT : Signal.POPULARITY;
        }
        return out.withCount(count);
    }
}
