package org.lambdamusic.batch.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.lambdamusic.batch.cf.CatalogRows;
import org.lambdamusic.contracts.cf.ImplicitRatings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.interaction.ReplayedListeners;
import org.lambdamusic.contracts.listener.ListenerView;

/**
 * Which listeners the evaluation measures, and what of each it hides. Deterministic: a function of
 * the user ids and the views only.
 *
 * <ul>
 *   <li><b>Evaluated</b>: a listener whose {@link StableHash} of the user id falls in the first
 *       {@link #EVALUATED_SHARE} and who has enough history for the rule below; everybody else
 *       trains.
 *   <li><b>Replayed listeners</b> ({@link ReplayedListeners}), <b>by artist</b>: the dataset says
 *       which artists they play, not when, so a held-out artist is a taste the recommendation has
 *       to discover. Of their artists with a recommendable track (at least {@link #MIN_ARTISTS}
 *       artists in all), the {@link #HELD_OUT_ARTIST_SHARE} with the smallest hash of (user id,
 *       artist) are held out, at least one; every track of theirs by one of those artists leaves
 *       the kept view. A hit is a recommended track by a held-out artist, each artist found once.
 *   <li><b>Other listeners</b> (the archive's own), <b>by time</b>: of their positively rated
 *       catalogue tracks (at least {@link #MIN_TRACKS}) in the order their view keeps them (first
 *       played, then liked without a play), the last {@link #HELD_OUT_TRACK_SHARE} are held out, at
 *       least one. A hit is a held-out track recommended; held-out tracks outside the model's
 *       tracks cannot be recommended and do not count (a listener with none left is not evaluated).
 * </ul>
 */
final class HoldoutSplit {
    static final double EVALUATED_SHARE = 0.25;
    static final double HELD_OUT_ARTIST_SHARE = 0.25;
    static final double HELD_OUT_TRACK_SHARE = 0.2;
    static final int MIN_ARTISTS = 4;
    static final int MIN_TRACKS = 5;

    /** The one-line protocol written into the manifest's {@code evaluation}. */
    static final String PROTOCOL =
            "listeners with hash(user_id) in the first 25% and enough history, left out of ALS"
                    + " training and folded in from their kept part as a new listener; replayed"
                    + " listeners (>= 4 artists) hold out 25% of their artists with a recommendable"
                    + " track (a hit: a track by one of them), others (>= 5 tracks) the last 20% of"
                    + " their positively rated tracks (first-play order); kept tracks excluded from"
                    + " every ranking; popularity and co-occurrence from the training listeners";

    private HoldoutSplit() {}

    /** The training listeners (whole views) and the evaluated ones (split). */
    record Split(List<ListenerView> training, List<HoldoutListener> evaluated) {
        long heldOutItems() {
            return evaluated.stream().mapToLong(l -> l.heldOut().items().length).sum();
        }

        long count(HeldOut.Rule rule) {
            return evaluated.stream().filter(l -> l.heldOut().rule() == rule).count();
        }
    }

    static Split split(
            List<ListenerView> listeners,
            CatalogRows catalogue,
            CatalogueArtists artists,
            FeedbackSettings feedback) {
        List<ListenerView> sorted = new ArrayList<>(listeners);
        sorted.sort(Comparator.comparing(ListenerView::userId));
        List<ListenerView> training = new ArrayList<>();
        List<HoldoutListener> evaluated = new ArrayList<>();
        for (ListenerView view : sorted) {
            HoldoutListener held =
                    isChosen(view.userId()) ? holdOut(view, catalogue, artists, feedback) : null;
            if (held == null) {
                training.add(view);
            } else {
                evaluated.add(held);
            }
        }
        return new Split(training, evaluated);
    }

    static boolean isChosen(String userId) {
        return StableHash.unit(userId) < EVALUATED_SHARE;
    }

    /** The listener split by their rule, or null when they have too little history for it. */
    static HoldoutListener holdOut(
            ListenerView view,
            CatalogRows catalogue,
            CatalogueArtists artists,
            FeedbackSettings feedback) {
        List<String> positive = new ArrayList<>();
        for (Map.Entry<String, Integer> r : ImplicitRatings.of(view, feedback).entrySet()) {
            if (r.getValue() > 0 && catalogue.rowOf(r.getKey()) >= 0) {
                positive.add(r.getKey());
            }
        }
        return ReplayedListeners.isReplayed(view.userId())
                ? byArtist(view, positive, catalogue, artists)
                : byTime(view, positive, catalogue);
    }

    private static HoldoutListener byTime(
            ListenerView view, List<String> positive, CatalogRows catalogue) {
        if (positive.size() < MIN_TRACKS) {
            return null;
        }
        int held = Math.max(1, (int) Math.round(positive.size() * HELD_OUT_TRACK_SHARE));
        Set<String> heldIds =
                new HashSet<>(positive.subList(positive.size() - held, positive.size()));
        int[] items =
                heldIds.stream()
                        .mapToInt(catalogue::rowOf)
                        .filter(row -> row < catalogue.recommendableCount())
                        .sorted()
                        .toArray();
        if (items.length == 0) {
            return null;
        }
        return kept(
                view,
                positive,
                heldIds::contains,
                new HeldOut(HeldOut.Rule.TIME, items),
                catalogue);
    }

    private static HoldoutListener byArtist(
            ListenerView view,
            List<String> positive,
            CatalogRows catalogue,
            CatalogueArtists artists) {
        int[] theirs =
                positive.stream()
                        .flatMapToInt(id -> Arrays.stream(artists.of(catalogue.rowOf(id))))
                        .sorted()
                        .distinct()
                        .toArray();
        if (theirs.length < MIN_ARTISTS) {
            return null;
        }
        int[] eligible = Arrays.stream(theirs).filter(artists::hasRecommendableTrack).toArray();
        if (eligible.length == 0) {
            return null;
        }
        int held = Math.max(1, (int) Math.round(eligible.length * HELD_OUT_ARTIST_SHARE));
        String user = view.userId();
        int[] items =
                Arrays.stream(eligible)
                        .boxed()
                        .sorted(
                                Comparator.comparingLong(
                                                (Integer a) ->
                                                        StableHash.of(
                                                                user + '\u0000' + artists.name(a)))
                                        .thenComparing(artists::name))
                        .limit(held)
                        .mapToInt(Integer::intValue)
                        .sorted()
                        .toArray();
        Predicate<String> byHeldArtist =
                id -> {
                    int row = catalogue.rowOf(id);
                    if (row < 0) {
                        return false;
                    }
                    for (int a : artists.of(row)) {
                        if (Arrays.binarySearch(items, a) >= 0) {
                            return true;
                        }
                    }
                    return false;
                };
        return kept(
                view, positive, byHeldArtist, new HeldOut(HeldOut.Rule.ARTIST, items), catalogue);
    }

    /** The listener's view without the removed tracks; null when nothing positive is left. */
    private static HoldoutListener kept(
            ListenerView view,
            List<String> positive,
            Predicate<String> removed,
            HeldOut heldOut,
            CatalogRows catalogue) {
        int[] keptPositive =
                positive.stream().filter(removed.negate()).mapToInt(catalogue::rowOf).toArray();
        if (keptPositive.length == 0) {
            return null;
        }
        int seed = -1;
        for (int row : keptPositive) {
            if (row < catalogue.recommendableCount()) {
                seed = row;
            }
        }
        ListenerView kept =
                new ListenerView(
                        view.userId(),
                        view.partition(),
                        view.counts(),
                        view.likedTracks().stream().filter(removed.negate()).toList(),
                        view.skippedTracks().stream().filter(removed.negate()).toList(),
                        view.playedTracks().stream().filter(removed.negate()).toList(),
                        view.recent().stream().filter(e -> !removed.test(e.trackId())).toList(),
                        view.lastOffset());
        return new HoldoutListener(kept, heldOut, keptPositive, seed);
    }
}
