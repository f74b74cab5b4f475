package org.lambdamusic.speed.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;

/**
 * Reads the event time of a raw payload in the Kafka source, so that watermarks are generated per
 * partition (a replay reads partitions at different speeds; a per-partition watermark keeps that
 * from making events late). Stops at the {@code timestamp} field. A payload without one gets {@link
 * #NO_EVENT_TIME}, which the watermark ignores: the validator rejects it anyway, and falling back
 * to the Kafka timestamp (publish time) would push the partition's event time ahead of a replay.
 */
public final class EventTimestamps implements SerializableTimestampAssigner<byte[]> {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    /** The timestamp given to a payload that has no event time. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

    @Override
    public long extractTimestamp(byte[] payload, long kafkaTimestamp) {
        return peek(payload);
    }

    /**
     * The top-level integer {@code timestamp} field, or {@link #NO_EVENT_TIME} if there is none.
     */
    static long peek(byte[] payload) {
        if (payload.length == 0) {
            return NO_EVENT_TIME;
        }
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
