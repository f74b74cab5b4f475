package org.lambdamusic.speed.validation;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.interaction.InvalidEventException;
import org.lambdamusic.speed.types.CompactSerializer;
import org.lambdamusic.speed.types.SerializerTypeInfo;
import org.lambdamusic.speed.types.TypeCodes;

/**
 * One record of {@code user-interactions} as the source hands it on, decoded once, straight from
 * the Kafka bytes ({@link #decode}): where it is (partition, offset), the broker's timestamp, and
 * either the typed event or why the bytes are not one (with the payload as text, for the dead
 * letter). Nothing downstream parses again: the event-time assigner reads the event's timestamp,
 * the validator routes. Decoding never throws, so a bad payload becomes a dead letter, never a
 * source failure.
 *
 * @param kafkaTimestamp the record's Kafka timestamp (epoch ms, -1 when the broker has none)
 * @param event the event, or null when the payload was rejected
 * @param rejection why the payload is not an event, or null
 * @param original the payload as text (UTF-8, replacement characters for bad bytes, cut at {@link
 *     #MAX_ORIGINAL_CHARS}), only for a rejected one: the dead letter's {@code originalEvent}
 * @param traceId the trace the record came with (its {@code traceparent} header, contracts
 *     TraceParent), or null: in the job's log lines about it and in its dead letter
 */
@TypeInfo(ConsumedRecord.Factory.class)
public record ConsumedRecord(
        int partition,
        long offset,
        long kafkaTimestamp,
        InteractionEvent event,
        String rejection,
        String original,
        String traceId) {

    /** Beyond this, the DLQ copy of a payload is cut so the dead letter fits in Kafka. */
    static final int MAX_ORIGINAL_CHARS = 64 * 1024;

    private static final byte[] EMPTY = new byte[0];

    /**
     * Decodes one record's value with the contracts' codec (its streaming parser reads the bytes
     * directly) and checks what the codec does not: the size (over {@code maxEventBytes} the
     * payload is rejected unread) and the timestamp (negative, or more than {@code maxFutureSkewMs}
     * ahead of {@code nowMs}).
     *
     * @param payload the value; null (a tombstone) is rejected as an empty payload
     */
    public static ConsumedRecord decode(
            int partition,
            long offset,
            long kafkaTimestamp,
            byte[] payload,
            int maxEventBytes,
            long maxFutureSkewMs,
            long nowMs) {
        byte[] bytes = payload == null ? EMPTY : payload;
        if (bytes.length > maxEventBytes) {
            return rejected(
                    partition,
                    offset,
                    kafkaTimestamp,
                    "oversized payload: " + bytes.length + " bytes > limit " + maxEventBytes,
                    bytes);
        }
        InteractionEvent event;
        try {
            event = InteractionEventCodec.fromJson(bytes);
        } catch (InvalidEventException e) {
            return rejected(partition, offset, kafkaTimestamp, e.getMessage(), bytes);
        }
        if (event.timestamp() > nowMs + maxFutureSkewMs) {
            return rejected(
                    partition,
                    offset,
                    kafkaTimestamp,
                    "timestamp too far in the future: "
                            + (event.timestamp() - nowMs)
                            + " ms ahead, limit "
                            + maxFutureSkewMs
                            + " ms",
                    bytes);
        }
        if (event.timestamp() < 0) {
            return rejected(
                    partition,
                    offset,
                    kafkaTimestamp,
                    "negative timestamp: " + event.timestamp(),
                    bytes);
        }
        return new ConsumedRecord(partition, offset, kafkaTimestamp, event, null, null, null);
    }

    /** The same record with the trace its {@code traceparent} header names (null: none). */
    public ConsumedRecord withTrace(String trace) {
        return new ConsumedRecord(
                partition, offset, kafkaTimestamp, event, rejection, original, trace);
    }

    private static ConsumedRecord rejected(
            int partition, long offset, long kafkaTimestamp, String reason, byte[] payload) {
        return new ConsumedRecord(
                partition, offset, kafkaTimestamp, null, reason, original(payload), null);
    }

    private static String original(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        return text.length() <= MAX_ORIGINAL_CHARS
                ? text
                : text.substring(0, MAX_ORIGINAL_CHARS) + "…(truncated)";
    }

    /**
     * Position, Kafka timestamp, then a flag and either the event's fields (strings in Flink's
     * {@link StringValue} encoding, the type as a fixed code) or the reason and original text. Only
     * crosses a network edge if the source and validator are ever split; kept compact regardless.
     */
    public static final class Serializer extends CompactSerializer<ConsumedRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public TypeSerializer<ConsumedRecord> duplicate() {
            return this; // stateless
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public ConsumedRecord createInstance() {
            return new ConsumedRecord(0, 0, -1, null, "", "", null);
        }

        @Override
        public ConsumedRecord copy(ConsumedRecord from) {
            return from; // immutable
        }

        @Override
        public void serialize(ConsumedRecord r, DataOutputView out) throws IOException {
            out.writeInt(r.partition);
            out.writeLong(r.offset);
            out.writeLong(r.kafkaTimestamp);
            out.writeBoolean(r.traceId != null);
            if (r.traceId != null) {
                StringValue.writeString(r.traceId, out);
            }
            InteractionEvent e = r.event;
            out.writeBoolean(e != null);
            if (e != null) {
                StringValue.writeString(e.eventId(), out);
                StringValue.writeString(e.userId(), out);
                StringValue.writeString(e.trackId(), out);
                out.writeByte(TypeCodes.code(e.type()));
                out.writeLong(e.timestamp());
            } else {
                StringValue.writeString(r.rejection, out);
                StringValue.writeString(r.original, out);
            }
        }

        @Override
        public ConsumedRecord deserialize(DataInputView in) throws IOException {
            int partition = in.readInt();
            long offset = in.readLong();
            long kafkaTimestamp = in.readLong();
            String traceId = in.readBoolean() ? StringValue.readString(in) : null;
            if (in.readBoolean()) {
                String eventId = StringValue.readString(in);
                String userId = StringValue.readString(in);
                String trackId = StringValue.readString(in);
                InteractionType type = TypeCodes.type(in.readByte());
                long timestamp = in.readLong();
                return new ConsumedRecord(
                        partition,
                        offset,
                        kafkaTimestamp,
                        new InteractionEvent(eventId, userId, trackId, type, timestamp),
                        null,
                        null,
                        traceId);
            }
            String rejection = StringValue.readString(in);
            String original = StringValue.readString(in);
            return new ConsumedRecord(
                    partition, offset, kafkaTimestamp, null, rejection, original, traceId);
        }

        @Override
        public TypeSerializerSnapshot<ConsumedRecord> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ConsumedRecord> {
        public Snapshot() {
            super(Serializer::new);
        }
    }

    public static final class Factory extends TypeInfoFactory<ConsumedRecord> {
        @Override
        public TypeInformation<ConsumedRecord> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(ConsumedRecord.class, Serializer::new);
        }
    }
}
