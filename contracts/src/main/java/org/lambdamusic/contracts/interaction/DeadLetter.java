package org.lambdamusic.contracts.interaction;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A rejected event as written to {@code user-interactions-dlq}: {@code {"originalEvent", "error",
 * "timestamp"}}. The original payload is kept verbatim (as text) so nothing is lost and it can be
 * replayed once fixed.
 *
 * @param originalEvent the payload as received, decoded as UTF-8
 * @param error why it was rejected
 * @param timestamp when it was rejected, epoch milliseconds
 */
public record DeadLetter(
        @JsonProperty("originalEvent") String originalEvent,
        @JsonProperty("error") String error,
        @JsonProperty("timestamp") long timestamp) {}
