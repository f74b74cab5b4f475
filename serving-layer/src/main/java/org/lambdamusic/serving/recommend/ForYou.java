package org.lambdamusic.serving.recommend;

import java.util.List;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.contracts.ranking.ForYouRanking;
import org.lambdamusic.contracts.ranking.Ranked;
import org.lambdamusic.contracts.ranking.Taste;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.profile.Listener;
import org.springframework.stereotype.Component;

/**
 * "For you": the whole recommendable catalogue ranked for a listener by contracts' {@link
 * ForYouRanking}, the code the batch job measures before it publishes: the blend of the
 * collaborative-filtering score, the content score and the popularity prior by the scoring config's
 * weights (or one signal alone for the {@code cf}, {@code content} and {@code popularity}
 * profiles), times the artist boost. Every track the listener played, liked or skipped is left out:
 * their taste was learnt from them.
 */
@Component
public class ForYou {
    private final ListenerTaste tastes;
    private final ScoringSettings scoring;
    private final ArtistBoost boost;

    public ForYou(ListenerTaste tastes, ScoringSettings scoring, ArtistBoost boost) {
        this.tastes = tastes;
        this.scoring = scoring;
        this.boost = boost;
    }

    /**
     * @param listener null for a listener the system has never seen
     * @return null when the blend has nothing to rank with (no vector, no likes): the caller
     *     answers with what is trending
     */
    Recommendations rank(
            SimilarityModel model,
            String userId,
            Listener listener,
            ScoringProfile profile,
            int topN) {
        if (listener == null) {
            return profile == ScoringProfile.POPULARITY
                    ? ranked(model, userId, Taste.NONE, profile, topN, new int[0], new int[0])
                    : profile == ScoringProfile.BLEND
                            ? null
                            : empty(model, userId, profile, 0, unknown(userId));
        }
        ListenerTaste.Entry entry = tastes.of(model, listener);
        ListenerTaste.Question question = new ListenerTaste.Question(profile, topN, Exclude.HEARD);
        Recommendations cached = entry.answer(question);
        if (cached != null) {
            return cached;
        }
        Taste taste = entry.taste();
        if (profile == ScoringProfile.BLEND && taste.isEmpty()) {
            return null; // trending changes by the second: never kept
        }
        int[] heard = Exclude.HEARD.rows(listener.view(), model.catalog());
        String lacking = lacking(model, taste, profile);
        Recommendations answer =
                lacking != null
                        ? empty(model, userId, profile, heard.length, lacking)
                        : ranked(
                                model,
                                userId,
                                taste,
                                profile,
                                topN,
                                listener.likedArtistIds(),
                                heard);
        entry.remember(question, answer);
        return answer;
    }

    private Recommendations ranked(
            SimilarityModel model,
            String userId,
            Taste taste,
            ScoringProfile profile,
            int topN,
            int[] likedArtistIds,
            int[] skipRows) {
        Ranked ranked =
                ForYouRanking.rank(
                        model.ranking(),
                        taste,
                        profile.weights(scoring),
                        boost.factor(),
                        likedArtistIds,
                        skipRows,
                        topN);
        return new Recommendations(
                null,
                userId,
                model.version(),
                Recommendations.FOR_YOU,
                Exclude.HEARD.wireName(),
                skipRows.length,
                RankedItems.forYou(model, ranked, profile, likedArtistIds),
                profile.wireName(),
                null);
    }

    private static Recommendations empty(
            SimilarityModel model,
            String userId,
            ScoringProfile profile,
            int excluded,
            String reason) {
        return new Recommendations(
                null,
                userId,
                model.version(),
                Recommendations.FOR_YOU,
                Exclude.HEARD.wireName(),
                excluded,
                List.of(),
                profile.wireName(),
                reason);
    }

    /** Why a single-signal profile cannot rank for this taste, or null when it can. */
    private static String lacking(SimilarityModel model, Taste taste, ScoringProfile profile) {
        return switch (profile) {
            case CF ->
                    !model.hasFactors()
                            ? "profile cf: the served model "
                                    + model.version()
                                    + " has no collaborative-filtering factors (it was trained"
                                    + " without interactions)"
                            : taste.factors() == null
                                    ? "profile cf: no collaborative-filtering vector for this"
                                            + " listener yet (no positive interaction with a"
                                            + " track that has factors)"
                                    : null;
            case CONTENT ->
                    taste.centroid() == null
                            ? "profile content: the listener has no liked track to rank by"
                            : null;
            default -> null;
        };
    }

    private static String unknown(String userId) {
        return "the listener " + userId + " has no interactions yet to rank by";
    }
}
