package org.lambdamusic.speed.trending;

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
import org.lambdamusic.speed.types.CompactSerializer;
import org.lambdamusic.speed.types.SerializerTypeInfo;

/**
 * Plays, likes and skips of one track in one pane (one slide of event time), as counted by one
 * subtask between two watermarks ({@link PaneCounter}): what crosses the network to the track's
 * {@link TrendingPanes}, instead of every event.
 */
@TypeInfo(TrackPaneCount.Factory.class)
public record TrackPaneCount(String trackId, long pane, long plays, long likes, long skips) {

    public long events() {
        return plays + likes + skips;
    }

    /** Track id, pane, then the three counts. */
    public static final class Serializer extends CompactSerializer<TrackPaneCount> {
        private static final long serialVersionUID = 1L;

        @Override
        public TypeSerializer<TrackPaneCount> duplicate() {
            return this; // stateless
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TrackPaneCount createInstance() {
            return new TrackPaneCount("", 0, 0, 0, 0);
        }

        @Override
        public TrackPaneCount copy(TrackPaneCount from) {
            return from; // immutable
        }

        @Override
        public void serialize(TrackPaneCount c, DataOutputView out) throws IOException {
            StringValue.writeString(c.trackId, out);
            out.writeLong(c.pane);
            out.writeLong(c.plays);
            out.writeLong(c.likes);
            out.writeLong(c.skips);
        }

        @Override
        public TrackPaneCount deserialize(DataInputView in) throws IOException {
            return new TrackPaneCount(
                    StringValue.readString(in),
                    in.readLong(),
                    in.readLong(),
                    in.readLong(),
                    in.readLong());
        }

        @Override
        public TypeSerializerSnapshot<TrackPaneCount> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TrackPaneCount> {
        public Snapshot() {
            super(Serializer::new);
        }
    }

    public static final class Factory extends TypeInfoFactory<TrackPaneCount> {
        @Override
        public TypeInformation<TrackPaneCount> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(TrackPaneCount.class, Serializer::new);
        }
    }
}
