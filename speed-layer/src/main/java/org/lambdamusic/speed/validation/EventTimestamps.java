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
 * from making events late). Stops at the {@code timestamp} field; a payload without one gets the
 * Kafka record timestamp, which only matters for the watermark since the validator rejects it.
 */
public final class EventTimestamps implements SerializableTimestampAssigner<byte[]> {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public long extractTimestamp(byte[] payload, long kafkaTimestamp) {
        long eventTime = peek(payload);
        return eventTime == Long.MIN_VALUE ? kafkaTimestamp : eventTime;
    }

    /**
     * The top-level integer {@code timestamp} field, or {@link Long#MIN_VALUE} if there is none.
     */
    static long peek(byte[] payload) {
        if (payload.length == 0) {
            return Long.MIN_VALUE;
        }
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Long.MIN_VALUE;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (InteractionEventCodec.TIMESTAMP.equals(field)) {
                    return value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : Long.MIN_VALUE;
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            // Malformed: the validator says why.
        }
        return Long.MIN_VALUE;
    }
}
