package org.lambdamusic.contracts.interaction;

import java.util.Objects;

/**
 * One play, like or skip, as carried on the {@code user-interactions} topic (key = user id).
 *
 * @param eventId unique id stamped by the producer, used to recognise a redelivered event
 * @param userId the listener
 * @param trackId the Spotify track id
 * @param type what happened
 * @param timestamp event time, epoch milliseconds
 */
public record InteractionEvent(
        String eventId, String userId, String trackId, InteractionType type, long timestamp) {

    public InteractionEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(trackId, "trackId");
        Objects.requireNonNull(type, "type");
    }
}
