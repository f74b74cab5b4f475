package org.lambdamusic.serving.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.ListenerMerge;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.profile.ListenerProfiles.SpeedProfile;
import org.springframework.stereotype.Component;

/**
 * The Lambda merge in the serving layer: answers "who is this listener" from the model a request
 * holds (its batch views and watermark) and the latest speed view. Because the batch views travel
 * inside the model, a request that read the model once sees one watermark from start to end, and a
 * swap moves every answer to the new watermark at the same instant: the speed events the new
 * version covers stop counting exactly when its batch view starts counting them.
 *
 * <p>A merge is cached on the speed view it came from, for the model it was computed against, so
 * the recommendation hot path folds a listener's speed events once per view update or model swap.
 */
@Component
public class Listeners {
    private static final int[] NO_ARTISTS = new int[0];

    private final ListenerProfiles speed;
    private final FeedbackSettings feedback;
    private final AtomicReference<Totals> totals = new AtomicReference<>();

    public Listeners(ListenerProfiles speed, FeedbackSettings feedback) {
        this.speed = speed;
        this.feedback = feedback;
    }

    /** Users and events the merged answers count, over every listener. */
    public record Totals(long modelGeneration, long speedUpdates, int users, long events) {}

    public Optional<Listener> find(String userId, SimilarityModel model) {
        if (userId == null) {
            return Optional.empty();
        }
        SpeedProfile profile = speed.find(userId);
        if (profile != null) {
            Listener cached = profile.merged();
            if (cached != null && cached.modelGeneration() == model.generation()) {
                return Optional.of(cached);
            }
        }
        ListenerView batch = model.batchListener(userId);
        ListenerMerge.Merged merged =
                ListenerMerge.merge(
                        userId,
                        batch,
                        profile == null ? null : profile.view(),
                        model.watermark(),
                        feedback.historySize());
        if (merged == null) {
            return Optional.empty();
        }
        Listener listener =
                new Listener(
                        merged.view(),
                        batch == null ? 0 : batch.counts().total(),
                        merged.speedEvents(),
                        merged.gap(),
                        model.generation(),
                        likedArtistIds(merged.view(), model));
        if (profile != null) {
            profile.merged(listener); // a race computes the same value twice; no lock needed
        }
        return Optional.of(listener);
    }

    /** The artists a user's likes boost in this model; none for an unknown user. */
    public int[] likedArtistIds(String userId, SimilarityModel model) {
        return find(userId, model).map(Listener::likedArtistIds).orElse(NO_ARTISTS);
    }

    /**
     * Distinct listeners and events counted by the merged answers: the batch views' plus the speed
     * events after the watermark. Cached until a view update or a model swap.
     */
    public Totals totals(SimilarityModel model) {
        long updates = speed.updates();
        long generation = model == null ? -1 : model.generation();
        Totals cached = totals.get();
        if (cached != null
                && cached.modelGeneration() == generation
                && cached.speedUpdates() == updates) {
            return cached;
        }
        Watermark watermark = model == null ? Watermark.NONE : model.watermark();
        int users = model == null ? 0 : model.views().listeners().size();
        long events =
                model == null || model.views().info() == null ? 0 : model.views().info().events();
        for (SpeedProfile profile : speed.all()) {
            if (model == null || model.batchListener(profile.view().userId()) == null) {
                users++;
            }
            long covered = watermark.of(profile.view().partition());
            for (RecentInteraction event : profile.view().events()) {
                if (event.offset() > covered) {
                    events++;
                }
            }
        }
        Totals fresh = new Totals(generation, updates, users, events);
        totals.set(fresh);
        return fresh;
    }

    private static int[] likedArtistIds(ListenerView view, SimilarityModel model) {
        if (view.likedTracks().isEmpty()) {
            return NO_ARTISTS;
        }
        List<Integer> rows = new ArrayList<>(view.likedTracks().size());
        for (String trackId : view.likedTracks()) {
            int row = model.catalog().rowOf(trackId);
            if (row >= 0) {
                rows.add(row);
            }
        }
        return model.artists().artistIdsOfRows(rows);
    }
}
