package org.lambdamusic.speed.profile;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.view.InteractionCounts;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;

/**
 * What the speed layer remembers about one listener (keyed state): the last N interactions by event
 * time, newest first; liked tracks in the order first liked; counts; and whether a view update is
 * waiting to be published. A Flink POJO with explicit type information so checkpoints use Flink's
 * own serializers rather than Kryo.
 */
@TypeInfo(UserHistoryTypeInfoFactory.class)
public class UserHistory {
    public List<RecentInteraction> recent = new ArrayList<>();
    public List<String> liked = new ArrayList<>();
    public long plays;
    public long likes;
    public long skips;
    public long updatedAt = Long.MIN_VALUE;

    /** Processing time at which a pending view update is due, or 0 when nothing is pending. */
    public long flushDueAt;

    public UserHistory() {}

    /**
     * Folds one event in.
     *
     * @return false when the event was already seen (same event id among the recent ones), so a
     *     redelivered event is not counted twice
     */
    public boolean apply(InteractionEvent event, int historySize) {
        if (isRecent(event.eventId())) {
            return false;
        }
        switch (event.type()) {
            case PLAY -> plays++;
            case LIKE -> {
                likes++;
                if (!liked.contains(event.trackId())) {
                    liked.add(event.trackId());
                }
            }
            case SKIP -> skips++;
        }
        remember(event, historySize);
        updatedAt = Math.max(updatedAt, event.timestamp());
        return true;
    }

    private boolean isRecent(String eventId) {
        for (RecentInteraction r : recent) {
            if (r.eventId().equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    /** Inserts by event time (newest first; a tie goes after the entries already there). */
    private void remember(InteractionEvent event, int historySize) {
        int at = 0;
        while (at < recent.size() && recent.get(at).timestamp() >= event.timestamp()) {
            at++;
        }
        if (at >= historySize) {
            return; // older than everything we keep
        }
        recent.add(
                at,
                new RecentInteraction(
                        event.eventId(),
                        event.trackId(),
                        event.type().wireName(),
                        event.timestamp()));
        while (recent.size() > historySize) {
            recent.remove(recent.size() - 1);
        }
    }

    public UserProfileView toView(String userId) {
        return new UserProfileView(
                userId, recent, liked, new InteractionCounts(plays, likes, skips), updatedAt);
    }
}
