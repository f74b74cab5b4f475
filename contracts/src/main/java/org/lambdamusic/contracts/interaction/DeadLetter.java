package org.lambdamusic.contracts.interaction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A rejected event as written to {@code user-interactions-dlq}: {@code {"originalEvent", "error",
 * "timestamp"}}, and {@code "trace_id"} when the record came with a trace ({@code traceparent}
 * header, {@link org.lambdamusic.contracts.trace.TraceParent}). The original payload is kept
 * verbatim (as text) so nothing is lost and it can be replayed once fixed.
 *
 * @param originalEvent the payload as received, decoded as UTF-8
 * @param error why it was rejected
 * @param timestamp when it was rejected, epoch milliseconds
 * @param traceId the trace of the request that sent it, or null
 */
public record DeadLetter(
        @JsonProperty("originalEvent") String originalEvent,
        @JsonProperty("error") String error,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("trace_id") @JsonInclude(JsonInclude.Include.NON_NULL) String traceId) {

    /** A dead letter of a record that came without a trace. */
    public DeadLetter(String originalEvent, String error, long timestamp) {
        this(originalEvent, error, timestamp, null);
    }
}
