package org.lambdamusic.speed.validation;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.lambdamusic.speed.types.CompactSerializer;
import org.lambdamusic.speed.types.SerializerTypeInfo;

/**
 * One record of {@code user-interactions} as the source reads it: where it is (partition, offset),
 * the broker's timestamp, and the raw value, not decoded yet (the validator decodes it, so a bad
 * payload becomes a dead letter, never a source failure). The position is what places the event
 * against a batch watermark. The payload array is never written to after the source.
 *
 * @param kafkaTimestamp the record's Kafka timestamp (epoch ms, -1 when the broker has none)
 */
@TypeInfo(PositionedPayload.Factory.class)
public record PositionedPayload(int partition, long offset, long kafkaTimestamp, byte[] payload) {

    /** Four fields, written as they are: no POJO reflection, no null flags. */
    public static final class Serializer extends CompactSerializer<PositionedPayload> {
        private static final long serialVersionUID = 1L;

        @Override
        public TypeSerializer<PositionedPayload> duplicate() {
            return this; // stateless
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public PositionedPayload createInstance() {
            return new PositionedPayload(0, 0, 0, new byte[0]);
        }

        @Override
        public PositionedPayload copy(PositionedPayload from) {
            return from; // immutable
        }

        @Override
        public void serialize(PositionedPayload r, DataOutputView out) throws IOException {
            out.writeInt(r.partition);
            out.writeLong(r.offset);
            out.writeLong(r.kafkaTimestamp);
            out.writeInt(r.payload.length);
            out.write(r.payload);
        }

        @Override
        public PositionedPayload deserialize(DataInputView in) throws IOException {
            int partition = in.readInt();
            long offset = in.readLong();
            long timestamp = in.readLong();
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return new PositionedPayload(partition, offset, timestamp, payload);
        }

        @Override
        public TypeSerializerSnapshot<PositionedPayload> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PositionedPayload> {
        public Snapshot() {
            super(Serializer::new);
        }
    }

    public static final class Factory extends TypeInfoFactory<PositionedPayload> {
        @Override
        public TypeInformation<PositionedPayload> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(PositionedPayload.class, Serializer::new);
        }
    }
}
