package org.lambdamusic.serving.profile;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.serving.kafka.ViewTopicHandler;
import org.lambdamusic.serving.model.SimilarityModel;
import org.springframework.stereotype.Component;

/** Every user's latest profile view, as read from the compacted user-profiles topic. */
@Component
public class ListenerProfiles implements ViewTopicHandler {
    private static final int[] NO_ARTISTS = new int[0];

    private final ConcurrentHashMap<String, ListenerProfile> byUser = new ConcurrentHashMap<>();
    private final AtomicLong interactions = new AtomicLong();
    private final EventRate rate;

    public ListenerProfiles(EventRate rate) {
        this.rate = rate;
    }

    @Override
    public String topic() {
        return Topics.USER_PROFILES;
    }

    @Override
    public void apply(String key, byte[] value, boolean live) throws IOException {
        UserProfileView view =
                value == null ? null : ContractsJson.read(value, UserProfileView.class);
        String userId = key != null ? key : view == null ? null : view.userId();
        if (userId == null) {
            throw new IOException("profile record without a key or user_id");
        }
        update(userId, view, live);
    }

    /**
     * Upserts a user's view; null (a tombstone) forgets the user.
     *
     * @param live true once the replay of the topic has caught up, so only new events count towards
     *     the event rate
     */
    public void update(String userId, UserProfileView view, boolean live) {
        ListenerProfile previous =
                view == null
                        ? byUser.remove(userId)
                        : byUser.put(userId, new ListenerProfile(view));
        long before = previous == null ? 0 : previous.view().counts().total();
        long after = view == null ? 0 : view.counts().total();
        interactions.addAndGet(after - before);
        if (live && after > before) {
            rate.record(after - before);
        }
    }

    public Optional<ListenerProfile> find(String userId) {
        return Optional.ofNullable(byUser.get(userId));
    }

    /** The artist ids a user's likes boost in this model; none for an unknown user. */
    public int[] likedArtistIds(String userId, SimilarityModel model) {
        ListenerProfile profile = userId == null ? null : byUser.get(userId);
        return profile == null ? NO_ARTISTS : profile.likedArtistIds(model);
    }

    public int usersSeen() {
        return byUser.size();
    }

    /** Plays, likes and skips summed over all users' views. */
    public long interactionsCounted() {
        return interactions.get();
    }
}
