package org.lambdamusic.contracts.view;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of a user's recent history, as held in {@link UserProfileView}. */
public record RecentInteraction(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("track_id") String trackId,
        @JsonProperty("interaction_type") String interactionType,
        @JsonProperty("timestamp") long timestamp) {}
