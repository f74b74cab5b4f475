package org.lambdamusic.serving.recommend;

import java.util.ArrayList;
import java.util.List;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.ranking.Ranked;
import org.lambdamusic.contracts.ranking.Signal;
import org.lambdamusic.serving.model.SimilarityModel;

/**
 * A contracts ranking ({@link Ranked}) as the API's items: each with its unboosted score as {@code
 * similarity}, so that {@code score = similarity × boost} holds for every profile as it does for
 * the cosine neighbours, the liked artist that gave a boost, the signal that placed it and the
 * parts its score is made of.
 */
final class RankedItems {
    private RankedItems() {}

    /**
     * "For you" items: the blend's parts; a single-signal profile keeps only the tracks its signal
     * scores above zero (a zero says nothing about the listener).
     */
    static List<Recommendations.Recommendation> forYou(
            SimilarityModel model, Ranked ranked, ScoringProfile profile, int[] likedArtistIds) {
        List<Recommendations.Recommendation> out = new ArrayList<>(ranked.count());
        for (int i = 0; i < ranked.count(); i++) {
            double score = ranked.scores()[i];
            if (profile.signal() != null && !(score > 0)) {
                continue;
            }
            Signal signal = profile.signal() != null ? profile.signal() : ranked.signals()[i];
            out.add(
                    item(
                            model,
                            ranked.rows()[i],
                            score,
                            ranked.boosts()[i],
                            likedArtistIds,
                            signal,
                            (double) ranked.cf()[i],
                            (double) ranked.content()[i],
                            (double) ranked.popularity()[i]));
        }
        return out;
    }

    /**
     * Seed-profile items ({@code kappa}, {@code also_play}). Their rankings boost positive scores
     * only, so a non-positive one is shown unboosted.
     */
    static List<Recommendations.Recommendation> seeded(
            SimilarityModel model,
            int seedRow,
            Ranked ranked,
            ScoringProfile profile,
            int[] likedArtistIds) {
        List<Recommendations.Recommendation> out = new ArrayList<>(ranked.count());
        for (int i = 0; i < ranked.count(); i++) {
            int row = ranked.rows()[i];
            double score = ranked.scores()[i];
            double boost = score > 0 ? ranked.boosts()[i] : ArtistBoost.NONE;
            double unboosted = score / boost;
            Double cf = null;
            Double content = null;
            Double popularity = null;
            if (profile == ScoringProfile.KAPPA) {
                content = model.ranking().content().cosine(seedRow, row);
                Integer p = model.catalog().track(row).popularity();
                popularity = p == null ? 0.0 : 0.01 * p;
            } else {
                cf = unboosted;
            }
            out.add(
                    item(
                            model,
                            row,
                            score,
                            boost,
                            likedArtistIds,
                            profile.signal(),
                            cf,
                            content,
                            popularity));
        }
        return out;
    }

    private static Recommendations.Recommendation item(
            SimilarityModel model,
            int row,
            double score,
            double boost,
            int[] likedArtistIds,
            Signal signal,
            Double cf,
            Double content,
            Double popularity) {
        CatalogTrack t = model.catalog().track(row);
        int artist =
                boost == ArtistBoost.NONE || likedArtistIds.length == 0
                        ? -1
                        : model.artists().firstArtistIn(row, likedArtistIds);
        return new Recommendations.Recommendation(
                t.trackId(),
                t.trackName(),
                t.artists(),
                score / boost,
                boost,
                score,
                artist >= 0 ? model.artists().name(artist) : null,
                Recommendations.Recommendation.SIMILARITY_SOURCE,
                signal.wireName(),
                cf,
                content,
                popularity);
    }
}
