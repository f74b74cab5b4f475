package org.lambdamusic.speed.served;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.speed.types.CompactSerializer;
import org.lambdamusic.speed.types.SerializerTypeInfo;

/**
 * The last two model versions the speed layer saw served (as {@code LATEST} named them, in the
 * order it saw them), and what they let it forget: the {@linkplain #trimPoint() trim point}.
 *
 * <p>The handshake with the serving layer. A serving instance merges its batch view (events up to
 * its version's watermark W) with the speed events after W, so the speed layer may drop an event
 * only once no instance can still be serving a version whose W is below it. Instances poll {@code
 * LATEST} on their own and swap a few seconds apart, so while a new version V(n) comes in, some
 * still serve V(n−1). Trimming to the minimum of the two newest watermarks, per partition, keeps
 * both exact: a reader of V(n−1) finds every event after W(n−1), a reader of V(n) skips the speed
 * events up to W(n) as it always did. So the speed layer trims one version behind: its views hold
 * the traffic since the second newest batch run (about two retrain intervals), not since the
 * newest, and an instance has a whole retrain interval, not a race, to swap. The view says how far
 * it was trimmed ({@code log_floor}, the highest offset dropped), so a reader further behind (an
 * instance that refused two versions in a row, a rollback by more than one version) is not wrong
 * silently: the merge reports a gap ({@code ListenerMerge.Merged.gap}, {@code "complete": false})
 * until the reader swaps, or until {@code ./pipeline reset speed} rebuilds the logs from the served
 * watermark.
 *
 * <p>Why not trim to the newest watermark once every instance has acknowledged it: the speed layer
 * would have to know the instances (a registry, acknowledgements with expiry for dead ones) and the
 * serving layer would have to write them; one version of lag needs neither and costs one retrain
 * interval of view size. Why not a grace period after a new version: its safety would be a clock,
 * and an instance that refuses a broken version would be wrong until the next one.
 *
 * @param previous the version served before {@code current}, or null
 * @param current the newest version seen, or null before the first
 * @param seen how many times the served version changed, as this copy saw it
 */
@TypeInfo(ServedVersions.Factory.class)
public record ServedVersions(ServedWatermark previous, ServedWatermark current, long seen) {
    public static final ServedVersions NONE = new ServedVersions(null, null, 0);

    /**
     * With {@code served} as the newest version: this when it is the current one already (polls
     * repeat the same answer), else the current one becomes the previous one.
     */
    public ServedVersions next(ServedWatermark served) {
        if (current != null && current.version().equals(served.version())) {
            return this;
        }
        return new ServedVersions(current, served, seen + 1);
    }

    /**
     * Per partition, the offset up to which (inclusive) every listener's events may be dropped: the
     * lower of the two newest watermarks; nothing before two versions were seen, and nothing in a
     * partition that either watermark leaves out.
     */
    public TrimPoint trimPoint() {
        if (previous == null || current == null) {
            return TrimPoint.NONE;
        }
        Map<Integer, Long> through = new TreeMap<>();
        Watermark a = previous.watermark();
        Watermark b = current.watermark();
        for (Map.Entry<Integer, Long> e : a.offsets().entrySet()) {
            if (b.offsets().containsKey(e.getKey())) {
                through.put(e.getKey(), Math.min(e.getValue(), b.of(e.getKey())));
            }
        }
        return TrimPoint.of(through);
    }

    /**
     * Back from a checkpoint (union state: every subtask's copy, so a rescaled job finds it too).
     * Every subtask sees the versions in the same order but polls on its own, so around a new
     * version the copies may differ by one: the one that has seen the most versions wins.
     */
    public static ServedVersions restore(Iterable<ServedVersions> checkpointed) {
        ServedVersions best = NONE;
        for (ServedVersions candidate : checkpointed) {
            if (candidate.seen > best.seen) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * Checkpoint format: how many versions were seen, then previous and current, each a presence
     * byte and the {@link ServedWatermark} format.
     */
    public static final class Serializer extends CompactSerializer<ServedVersions> {
        private static final long serialVersionUID = 1L;
        private final ServedWatermark.Serializer version = new ServedWatermark.Serializer();

        @Override
        public TypeSerializer<ServedVersions> duplicate() {
            return this; // stateless
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public ServedVersions createInstance() {
            return NONE;
        }

        @Override
        public ServedVersions copy(ServedVersions from) {
            return from; // immutable
        }

        @Override
        public void serialize(ServedVersions versions, DataOutputView out) throws IOException {
            out.writeLong(versions.seen);
            write(versions.previous, out);
            write(versions.current, out);
        }

        private void write(ServedWatermark served, DataOutputView out) throws IOException {
            out.writeBoolean(served != null);
            if (served != null) {
                version.serialize(served, out);
            }
        }

        @Override
        public ServedVersions deserialize(DataInputView in) throws IOException {
            long seen = in.readLong();
            ServedWatermark previous = in.readBoolean() ? version.deserialize(in) : null;
            ServedWatermark current = in.readBoolean() ? version.deserialize(in) : null;
            return new ServedVersions(previous, current, seen);
        }

        @Override
        public TypeSerializerSnapshot<ServedVersions> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ServedVersions> {
        public Snapshot() {
            super(Serializer::new);
        }
    }

    public static final class Factory extends TypeInfoFactory<ServedVersions> {
        @Override
        public TypeInformation<ServedVersions> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(ServedVersions.class, Serializer::new);
        }
    }
}
