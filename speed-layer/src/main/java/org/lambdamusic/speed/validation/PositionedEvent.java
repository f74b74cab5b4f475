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
import org.apache.flink.types.StringValue;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.speed.types.CompactSerializer;
import org.lambdamusic.speed.types.SerializerTypeInfo;
import org.lambdamusic.speed.types.TypeCodes;

/**
 * A valid event with its position in {@code user-interactions}: what the validator emits and the
 * user's event log keeps. A user's events share one partition (the topic's key is the user id), so
 * the offset orders them and says whether a batch watermark covers them.
 */
@TypeInfo(PositionedEvent.Factory.class)
public record PositionedEvent(int partition, long offset, InteractionEvent event) {

    /**
     * Crosses the keyBy to the user's log for every event: partition, offset, then the event's
     * fields, strings in Flink's {@link StringValue} encoding, the type as a fixed code (play 0,
     * like 1, skip 2; not the enum's order).
     */
    public static final class Serializer extends CompactSerializer<PositionedEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public TypeSerializer<PositionedEvent> duplicate() {
            return this; // stateless
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public PositionedEvent createInstance() {
            return new PositionedEvent(
                    0, 0, new InteractionEvent("", "", "", InteractionType.PLAY, 0));
        }

        @Override
        public PositionedEvent copy(PositionedEvent from) {
            return from; // immutable
        }

        @Override
        public void serialize(PositionedEvent r, DataOutputView out) throws IOException {
            out.writeInt(r.partition);
            out.writeLong(r.offset);
            InteractionEvent e = r.event;
            StringValue.writeString(e.eventId(), out);
            StringValue.writeString(e.userId(), out);
            StringValue.writeString(e.trackId(), out);
            out.writeByte(TypeCodes.code(e.type()));
            out.writeLong(e.timestamp());
        }

        @Override
        public PositionedEvent deserialize(DataInputView in) throws IOException {
            int partition = in.readInt();
            long offset = in.readLong();
            String eventId = StringValue.readString(in);
            String userId = StringValue.readString(in);
            String trackId = StringValue.readString(in);
            InteractionType type = TypeCodes.type(in.readByte());
            long timestamp = in.readLong();
            return new PositionedEvent(
                    partition,
                    offset,
                    new InteractionEvent(eventId, userId, trackId, type, timestamp));
        }

        @Override
        public TypeSerializerSnapshot<PositionedEvent> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PositionedEvent> {
        public Snapshot() {
            super(Serializer::new);
        }
    }

    public static final class Factory extends TypeInfoFactory<PositionedEvent> {
        @Override
        public TypeInformation<PositionedEvent> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(PositionedEvent.class, Serializer::new);
        }
    }
}
