package org.lambdamusic.contracts.view;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The speed layer's per-user view, an upsert on the compacted {@code user-profiles} topic keyed by
 * user id: the user's accepted events that the speed layer still holds (those after the served
 * batch watermarks), each with its Kafka offset; a tombstone once the user left. A user's events
 * all live in one partition (the topic's key is the user id), so offsets order them. The serving
 * layer folds the events after the served batch watermark onto the batch view ({@link
 * org.lambdamusic.contracts.listener.ListenerMerge}); counts, likes and history are never summed
 * here, so nothing the batch view covers can be counted twice.
 *
 * @param userId the listener
 * @param partition the user-interactions partition of this user's events
 * @param events accepted events (redeliveries dropped), oldest offset first
 * @param logFloor the highest offset of this user's events the speed layer dropped from {@code
 *     events}, or -1: expired by its retention, or covered by the batch views of every version a
 *     reader can be serving (the speed layer trims to the older of the two newest served
 *     watermarks). The events are complete after this offset, so a batch watermark below it leaves
 *     a gap
 * @param updatedAt event time of the newest event folded in, epoch ms
 */
public record UserProfileView(
        @JsonProperty("user_id") String userId,
        @JsonProperty("partition") int partition,
        @JsonProperty("events") List<RecentInteraction> events,
        @JsonProperty("log_floor") long logFloor,
        @JsonProperty("updated_at") long updatedAt) {

    public UserProfileView {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
