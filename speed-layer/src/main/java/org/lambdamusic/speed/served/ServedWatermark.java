package org.lambdamusic.speed.served;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.speed.types.CompactSerializer;
import org.lambdamusic.speed.types.SerializerTypeInfo;

/**
 * The watermark of the model version the serving layer serves: {@code <models>/LATEST} names the
 * version, its {@code manifest.json} says in {@code interactions.watermark} which offsets of each
 * partition its batch views cover. Read through Flink's file systems, the ones the archive writes
 * with ({@code s3://} through the S3 plugin configured by {@code SpeedLayerEnvironment}, {@code
 * file://} for tests), so the job needs no other object-store client. Read once at start (where a
 * job without state begins) and then every few seconds while the job runs ({@link
 * ServedVersionFollower}), to trim the listeners' logs to what the batch has not covered.
 *
 * @param version the served version id
 * @param watermark what its batch views cover; {@link Watermark#NONE} for a version without batch
 *     views (its manifest has no {@code interactions})
 */
@TypeInfo(ServedWatermark.Factory.class)
public record ServedWatermark(String version, Watermark watermark) {
    private static final int MAX_MANIFEST_BYTES = 1 << 20;

    /**
     * @param modelsPath the models root, e.g. {@code s3://recommender/models}
     * @return empty when no model has been published yet (no LATEST)
     * @throws IOException when the store cannot be read or LATEST or the manifest is not what the
     *     contracts say
     */
    public static Optional<ServedWatermark> read(String modelsPath) throws IOException {
        Path latest = new Path(modelsPath, ArtifactLayout.LATEST);
        FileSystem fs = latest.getFileSystem();
        String version;
        try {
            version = new String(readAll(fs, latest), StandardCharsets.UTF_8).trim();
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
        if (!ModelVersion.isValid(version)) {
            throw new IOException(latest + " does not name a model version: '" + version + "'");
        }
        Path manifestPath = new Path(new Path(modelsPath, version), ArtifactLayout.MANIFEST);
        ModelManifest manifest = ContractsJson.read(readAll(fs, manifestPath), ModelManifest.class);
        InteractionsInfo interactions = manifest.interactions();
        return Optional.of(
                new ServedWatermark(
                        version, interactions == null ? Watermark.NONE : interactions.watermark()));
    }

    private static byte[] readAll(FileSystem fs, Path path) throws IOException {
        if (!fs.exists(path)) {
            throw new FileNotFoundException(path.toString());
        }
        try (InputStream in = fs.open(path)) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new IOException(path + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
            }
            return bytes;
        }
    }

    /**
     * Kept in the profile operator's checkpoints (the last two versions it saw): the version id,
     * then the number of partitions and each partition with its offset.
     */
    public static final class Serializer extends CompactSerializer<ServedWatermark> {
        private static final long serialVersionUID = 1L;

        @Override
        public TypeSerializer<ServedWatermark> duplicate() {
            return this; // stateless
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public ServedWatermark createInstance() {
            return new ServedWatermark("", Watermark.NONE);
        }

        @Override
        public ServedWatermark copy(ServedWatermark from) {
            return from; // immutable
        }

        @Override
        public void serialize(ServedWatermark served, DataOutputView out) throws IOException {
            out.writeUTF(served.version);
            Map<Integer, Long> offsets = served.watermark.offsets();
            out.writeInt(offsets.size());
            for (Map.Entry<Integer, Long> e : offsets.entrySet()) {
                out.writeInt(e.getKey());
                out.writeLong(e.getValue());
            }
        }

        @Override
        public ServedWatermark deserialize(DataInputView in) throws IOException {
            String version = in.readUTF();
            int n = in.readInt();
            Map<Integer, Long> offsets = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                offsets.put(in.readInt(), in.readLong());
            }
            return new ServedWatermark(version, new Watermark(offsets));
        }

        @Override
        public TypeSerializerSnapshot<ServedWatermark> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ServedWatermark> {
        public Snapshot() {
            super(Serializer::new);
        }
    }

    public static final class Factory extends TypeInfoFactory<ServedWatermark> {
        @Override
        public TypeInformation<ServedWatermark> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(ServedWatermark.class, Serializer::new);
        }
    }
}
