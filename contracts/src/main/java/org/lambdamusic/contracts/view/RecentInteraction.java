package org.lambdamusic.contracts.view;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One interaction of a listener, as held in the speed layer's log ({@link UserProfileView}) and in
 * a listener's recent history ({@link org.lambdamusic.contracts.listener.ListenerView}).
 *
 * @param offset Kafka offset of the event in its user-interactions partition: where it stands
 *     against a batch watermark
 */
public record RecentInteraction(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("track_id") String trackId,
        @JsonProperty("interaction_type") String interactionType,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("offset") long offset) {}
