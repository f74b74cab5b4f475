package org.lambdamusic.serving.profile;

import java.util.ArrayList;
import java.util.List;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;

/** Speed-layer views for tests: a user's events, written "type:track", at offsets from a start. */
public final class SpeedViews {
    private SpeedViews() {}

    /** Events at offsets 0, 1, 2, ... of partition 0, event time 1000 × (offset + 1). */
    public static UserProfileView of(String userId, String... events) {
        return from(userId, 0, 0, events);
    }

    public static UserProfileView from(
            String userId, int partition, long firstOffset, String... events) {
        List<RecentInteraction> log = new ArrayList<>();
        long offset = firstOffset;
        for (String event : events) {
            String[] parts = event.split(":", 2);
            log.add(
                    new RecentInteraction(
                            userId + "-" + offset,
                            parts[1],
                            parts[0],
                            1000 * (offset + 1),
                            offset));
            offset++;
        }
        return new UserProfileView(userId, partition, log, -1, 1000 * offset);
    }
}
