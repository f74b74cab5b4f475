package org.lambdamusic.speed.job;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelVersion;

/**
 * The watermark of the model version the serving layer serves: {@code <models>/LATEST} names the
 * version, its {@code manifest.json} says in {@code interactions.watermark} which offsets of each
 * partition its batch views cover. Read through Flink's file systems, the ones the archive writes
 * with ({@code s3://} through the S3 plugin configured by {@link SpeedLayerEnvironment}, {@code
 * file://} for tests), so the job needs no other object-store client.
 *
 * @param version the served version id
 * @param watermark what its batch views cover; {@link Watermark#NONE} for a version without batch
 *     views (its manifest has no {@code interactions})
 */
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
}
