package org.lambdamusic.contracts.ranking;

import java.util.Objects;
import org.lambdamusic.contracts.cf.ItemFactors;

/**
 * Tracks for a seed track, by a named scoring profile other than the serving layer's exact cosine
 * neighbours (which read the similarity matrix): the earlier system's Kappa profile, and "listeners
 * who play this also play". Both scan every recommendable row (one pass, bounded heap) and apply
 * the listener's artist boost and exclusions like every other ranking.
 */
public final class SimilarRanking {
    /** Kappa: popularity (0-100) is added to the cosine at this weight. */
    public static final double KAPPA_POPULARITY_WEIGHT = 0.01;

    /** Kappa: a candidate of the seed's genre has its score multiplied by this. */
    public static final double KAPPA_GENRE_BOOST = 1.2;

    private SimilarRanking() {}

    /** The Kappa score: {@code (similarity + 0.01 × popularity) × 1.2 for the seed's genre}. */
    public static double kappaScore(double similarity, Integer popularity, boolean seedGenre) {
        double score = similarity + KAPPA_POPULARITY_WEIGHT * (popularity == null ? 0 : popularity);
        return seedGenre ? score * KAPPA_GENRE_BOOST : score;
    }

    /** The Kappa profile: content cosine to the seed plus popularity, the seed's genre boosted. */
    public static Ranked kappa(
            RankingModel model,
            int seedRow,
            double boostFactor,
            int[] likedArtistIds,
            int[] skipRows,
            int topN) {
        String genre = model.track(seedRow).trackGenre();
        ContentVectors content = model.content();
        return scan(
                model,
                seedRow,
                boostFactor,
                likedArtistIds,
                skipRows,
                topN,
                Signal.KAPPA,
                row ->
                        kappaScore(
                                content.cosine(seedRow, row),
                                model.track(row).popularity(),
                                Objects.equals(genre, model.track(row).trackGenre())));
    }

    /** Exact cosine neighbours in the content space (what the similarity matrix holds). */
    public static Ranked cosine(
            RankingModel model,
            int seedRow,
            double boostFactor,
            int[] likedArtistIds,
            int[] skipRows,
            int topN) {
        ContentVectors content = model.content();
        return scan(
                model,
                seedRow,
                boostFactor,
                likedArtistIds,
                skipRows,
                topN,
                Signal.SIMILARITY,
                row -> content.cosine(seedRow, row));
    }

    /**
     * "Listeners who play this also play": the cosine of the tracks' ALS factors to the seed's.
     * Empty when the version has no factors or the seed has none (nobody played it).
     */
    public static Ranked alsoPlay(
            RankingModel model,
            int seedRow,
            double boostFactor,
            int[] likedArtistIds,
            int[] skipRows,
            int topN) {
        ItemFactors items = model.items();
        int seed = items == null ? -1 : items.indexOf(seedRow);
        if (seed < 0) {
            return Ranked.ofCapacity(0);
        }
        int k = items.rank();
        float[] y = items.values();
        double seedNorm = norm(y, seed * k, k);
        if (!(seedNorm > 0)) {
            return Ranked.ofCapacity(0);
        }
        return scan(
                model,
                seedRow,
                boostFactor,
                likedArtistIds,
                skipRows,
                topN,
                Signal.ALSO_PLAY,
                row -> {
                    int index = items.indexOf(row);
                    if (index < 0) {
                        return Double.NEGATIVE_INFINITY; // never played: not "also played"
                    }
                    double dot = 0;
                    for (int f = 0; f < k; f++) {
                        dot += y[seed * k + f] * y[index * k + f];
                    }
                    double norm = norm(y, index * k, k);
                    return norm > 0 ? dot / (seedNorm * norm) : Double.NEGATIVE_INFINITY;
                });
    }

    private interface RowScore {
        double of(int row);
    }

    private static Ranked scan(
            RankingModel model,
            int seedRow,
            double boostFactor,
            int[] likedArtistIds,
            int[] skipRows,
            int topN,
            Signal signal,
            RowScore scoreOf) {
        int n = model.size();
        ArtistIndex artists = model.artists();
        TopScores best = new TopScores(Math.min(topN, n));
        int nextSkip = 0;
        for (int row = 0; row < n; row++) {
            while (nextSkip < skipRows.length && skipRows[nextSkip] < row) {
                nextSkip++;
            }
            if (row == seedRow || (nextSkip < skipRows.length && skipRows[nextSkip] == row)) {
                continue;
            }
            double score = scoreOf.of(row);
            if (score == Double.NEGATIVE_INFINITY) {
                continue;
            }
            if (likedArtistIds.length > 0 && artists.anyArtistIn(row, likedArtistIds)) {
                score *= score > 0 ? boostFactor : 1;
            }
            best.offer(score, row, row);
        }
        Ranked out = Ranked.ofCapacity(best.size());
        int count = best.drainBestFirst(out.scores(), out.rows(), new int[best.size()]);
        for (int i = 0; i < count; i++) {
            int row = out.rows()[i];
            out.signals()[i] = signal;
            out.boosts()[i] =
                    likedArtistIds.length > 0 && artists.anyArtistIn(row, likedArtistIds)
                            ? boostFactor
                            : 1.0;
            out.popularity()[i] = model.popularity(row);
        }
        return out.withCount(count);
    }

    private static double norm(float[] y, int at, int k) {
        double s = 0;
        for (int f = 0; f < k; f++) {
            s += (double) y[at + f] * y[at + f];
        }
        return Math.sqrt(s);
    }
}
