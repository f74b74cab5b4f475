package org.lambdamusic.speed.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;

/**
 * Reads the event time of a raw payload in the Kafka source, so that watermarks are generated per
 * partition (a replay reads partitions at different speeds; a per-partition watermark keeps that
 * from making events late). Stops at the {@code timestamp} field. A payload without one gets {@link
 * #NO_EVENT_TIME}, which the watermark ignores: the validator rejects it anyway, and falling back
 * to the Kafka timestamp (publish time) would push the partition's event time ahead of a replay.
 */
public final class EventTimestamps implements SerializableTimestampAssigner<PositionedPayload> {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    /** The timestamp given to a payload that has no event time. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

    @Override
    public long extractTimestamp(PositionedPayload record, long kafkaTimestamp) {
        return peek(record.payload());
    }

    /**
     * The top-level integer {@code timestamp} field, or {@link #NO_EVENT_TIME} if there is none.
     */
    static long peek(byte[] payload) {
        if (payload.length == 0) {
            return NO_EVENT_TIME;
        }
        long fast = scan(payload);
        return fast != UNSURE ? fast : parse(payload);
    }

    static final long UNSURE = Long.MIN_VALUE + 1;
    private static final byte[] KEY = "\"timestamp\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The common case without a parser (this runs for every event, before the validator parses it
     * fully): a top-level {@code "timestamp"} key (found outside strings, at depth 1) followed by a
     * plain integer. Anything unusual (escapes in a key, spaces, a fraction, no such key, a very
     * long number) answers {@link #UNSURE} and the streaming parser decides.
     */
    static long scan(byte[] p) { // p is not empty
        if (p[0] != '{') {
            return UNSURE;
        }
        int depth = 0;
        int n = p.length;
        for (int i = 0; i < n; i++) {
            byte b = p[i];
            if (b == '"') {
                if (depth == 1 && matches(p, i, KEY)) {
                    int at = i + KEY.length;
                    if (at < n && p[at] == ':') {
                        return integer(p, at + 1);
                    }
                    return UNSURE;
                }
                // Skip the string, minding escapes.
                for (i++; i < n && p[i] != '"'; i++) {
                    if (p[i] == '\\') {
                        if (depth == 1) {
                            return UNSURE; // an escaped key could still spell "timestamp"
                        }
                        i++;
                    }
                }
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return UNSURE;
    }

    private static boolean matches(byte[] p, int at, byte[] key) {
        if (at + key.length > p.length) {
            return false;
        }
        for (int k = 0; k < key.length; k++) {
            if (p[at + k] != key[k]) {
                return false;
            }
        }
        return true;
    }

    private static long integer(byte[] p, int at) {
        int n = p.length;
        boolean negative = at < n && p[at] == '-';
        int i = negative ? at + 1 : at;
        int start = i;
        long value = 0;
        while (i < n && p[i] >= '0' && p[i] <= '9' && i - start < 18) {
            value = value * 10 + (p[i] - '0');
            i++;
        }
        int digits = i - start;
        boolean ends = i < n && (p[i] == ',' || p[i] == '}');
        if (digits == 0 || !ends || (digits > 1 && p[start] == '0')) {
            return UNSURE;
        }
        return negative ? -value : value;
    }

    static long parse(byte[] payload) {
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NO_EVENT_TIME;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (InteractionEventCodec.TIMESTAMP.equals(field)) {
                    return value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : NO_EVENT_TIME;
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            // Malformed: the validator says why.
        }
        return NO_EVENT_TIME;
    }
}
