package org.lambdamusic.serving.interaction;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * POST /api/interact body.
 *
 * @param interactionType play, like or skip (lower case, as on the wire)
 * @param eventId optional idempotency key: the event's id, chosen by the client. A client that
 *     retries after a 503 (or a lost answer) with the same id has the interaction counted once,
 *     since both layers drop an event id they have already counted; without one the server draws a
 *     fresh id, and a retry of an interaction Kafka did store after all counts twice.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InteractRequest(
        @NotBlank @Size(max = 128) String userId,
        @NotBlank @Size(max = 64) String trackId,
        @NotBlank @Size(max = 16) String interactionType,
        @Pattern(
                        regexp = "[A-Za-z0-9._:-]{8,64}",
                        message = "must be 8 to 64 letters, digits or . _ : -")
                String eventId) {

    /** Without an idempotency key: the server draws the event id. */
    public InteractRequest(String userId, String trackId, String interactionType) {
        this(userId, trackId, interactionType, null);
    }
}
