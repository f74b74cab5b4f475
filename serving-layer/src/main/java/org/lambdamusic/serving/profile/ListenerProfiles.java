package org.lambdamusic.serving.profile;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.serving.kafka.ViewTopicHandler;
import org.springframework.stereotype.Component;

/**
 * Every user's latest speed-layer view (their event log with offsets), as read from the compacted
 * user-profiles topic. Nothing is summed here: {@link Listeners} folds the events after the served
 * watermark onto the batch view at question time.
 */
@Component
public class ListenerProfiles implements ViewTopicHandler {
    private final ConcurrentHashMap<String, SpeedProfile> byUser = new ConcurrentHashMap<>();
    private final AtomicLong updates = new AtomicLong();
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
        SpeedProfile previous =
                view == null ? byUser.remove(userId) : byUser.put(userId, new SpeedProfile(view));
        updates.incrementAndGet();
        if (live && view != null) {
            long seen = previous == null ? -1 : previous.lastOffset();
            // Events are in offset order: count back from the newest to the first one seen before,
            // instead of walking a log of up to SPEED_LOG_MAX_EVENTS on every update.
            List<RecentInteraction> events = view.events();
            int added = 0;
            while (added < events.size() && events.get(events.size() - 1 - added).offset() > seen) {
                added++;
            }
            if (added > 0) {
                rate.record(added);
            }
        }
    }

    /** The latest speed view of a user, if the speed layer published one. */
    public Optional<UserProfileView> view(String userId) {
        SpeedProfile profile = find(userId);
        return profile == null ? Optional.empty() : Optional.of(profile.view());
    }

    SpeedProfile find(String userId) {
        return userId == null ? null : byUser.get(userId);
    }

    Collection<SpeedProfile> all() {
        return byUser.values();
    }

    /** Changes with every view received: keys caches of totals over all users. */
    long updates() {
        return updates.get();
    }

    /** One user's speed view, with the merge last computed from it (per served model). */
    static final class SpeedProfile {
        private final UserProfileView view;
        private final long lastOffset;
        private volatile Listener merged;

        SpeedProfile(UserProfileView view) {
            this.view = view;
            List<RecentInteraction> events = view.events(); // oldest offset first
            this.lastOffset = events.isEmpty() ? -1 : events.get(events.size() - 1).offset();
        }

        UserProfileView view() {
            return view;
        }

        long lastOffset() {
            return lastOffset;
        }

        Listener merged() {
            return merged;
        }

        void merged(Listener listener) {
            this.merged = listener;
        }
    }
}
