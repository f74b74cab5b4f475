package org.lambdamusic.serving.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.model.ArtifactFile;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.contracts.model.NeighborsLayout;
import org.lambdamusic.contracts.model.ScalerParams;
import org.lambdamusic.serving.catalog.Catalog;
import org.lambdamusic.serving.catalog.Track;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Loads one model version and verifies it against its manifest before anyone can use it: every
 * file's size and sha256, the shapes against the catalog's row count, and the matrix contents
 * (finite cosines, neighbour rows in range). The matrix is streamed from S3 straight into its float
 * array while the digest is computed, so the raw bytes are never held twice.
 */
@Component
public class ModelLoader {
    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);
    private static final int CHUNK = 1 << 20;

    private final ModelStore store;

    public ModelLoader(ModelStore store) {
        this.store = store;
    }

    /**
     * @throws ModelRejectedException when the version fails a check; it must not be served
     * @throws RuntimeException (S3 SDK) when the store cannot be read: try again later
     */
    public SimilarityModel load(String version) throws ModelRejectedException {
        long started = System.nanoTime();
        ArtifactLayout layout = store.layout();
        if (!ModelVersion.isValid(version)) {
            throw new ModelRejectedException(
                    "'" + abbreviate(version) + "' is not a model version id");
        }
        ModelManifest manifest = manifest(version);
        List<Track> tracks;
        ArtifactFile tracksFile = fileEntry(manifest, ArtifactLayout.TRACKS);
        byte[] tracksBytes =
                readVerified(
                        layout.fileKey(version, ArtifactLayout.TRACKS),
                        ArtifactLayout.TRACKS,
                        tracksFile);
        tracks = TracksTable.read(new ByteArrayInputStream(tracksBytes));
        int n = tracks.size();
        if (n == 0) {
            throw new ModelRejectedException("tracks.csv.gz has no rows");
        }
        checkShape(ArtifactLayout.TRACKS, tracksFile, List.of((long) n));
        if (manifest.rowCounts() != null && manifest.rowCounts().sampled() != n) {
            throw new ModelRejectedException(
                    "manifest says "
                            + manifest.rowCounts().sampled()
                            + " sampled rows, tracks.csv.gz has "
                            + n);
        }
        checkScaler(version, manifest);
        Catalog catalog = new Catalog(tracks);

        SimilarityModel model;
        if (ModelManifest.MODE_DENSE.equals(manifest.mode())) {
            float[] similarity = dense(version, manifest, n);
            model =
                    SimilarityModel.dense(
                            manifest,
                            catalog,
                            similarity,
                            Duration.ofNanos(System.nanoTime() - started));
        } else if (ModelManifest.MODE_TOP_K.equals(manifest.mode())) {
            model = topK(version, manifest, catalog, started);
        } else {
            throw new ModelRejectedException("unknown mode '" + manifest.mode() + "'");
        }
        log.info(
                "model loaded version={} mode={} tracks={} artists={} load_ms={}",
                version,
                manifest.mode(),
                n,
                model.artists().artistCount(),
                model.loadTime().toMillis());
        return model;
    }

    private ModelManifest manifest(String version) throws ModelRejectedException {
        byte[] bytes;
        try {
            bytes = store.read(store.layout().fileKey(version, ArtifactLayout.MANIFEST));
        } catch (NoSuchKeyException e) {
            throw new ModelRejectedException("version " + version + " has no manifest.json");
        }
        ModelManifest manifest;
        try {
            manifest = ContractsJson.read(bytes, ModelManifest.class);
        } catch (IOException e) {
            throw new ModelRejectedException(
                    "manifest.json is not valid: " + firstLine(e.getMessage()));
        }
        if (!version.equals(manifest.version())) {
            throw new ModelRejectedException(
                    "manifest.json names version " + manifest.version() + ", not " + version);
        }
        if (!AudioFeatures.NAMES.equals(manifest.features())) {
            throw new ModelRejectedException(
                    "manifest features are not the eleven of the contract");
        }
        if (manifest.files() == null) {
            throw new ModelRejectedException("manifest.json lists no files");
        }
        return manifest;
    }

    private void checkScaler(String version, ModelManifest manifest) throws ModelRejectedException {
        ArtifactFile entry = fileEntry(manifest, ArtifactLayout.SCALER);
        byte[] bytes =
                readVerified(
                        store.layout().fileKey(version, ArtifactLayout.SCALER),
                        ArtifactLayout.SCALER,
                        entry);
        try {
            ScalerParams scaler = ContractsJson.read(bytes, ScalerParams.class);
            if (scaler.mean() == null
                    || scaler.scale() == null
                    || scaler.mean().length != AudioFeatures.COUNT
                    || scaler.scale().length != AudioFeatures.COUNT) {
                throw new ModelRejectedException("scaler.json needs eleven means and scales");
            }
        } catch (IOException e) {
            throw new ModelRejectedException(
                    "scaler.json is not valid: " + firstLine(e.getMessage()));
        }
    }

    private float[] dense(String version, ModelManifest manifest, int n)
            throws ModelRejectedException {
        ArtifactFile entry = fileEntry(manifest, ArtifactLayout.SIMILARITY);
        long cells = (long) n * n;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new ModelRejectedException(n + " tracks are too many for a dense matrix");
        }
        checkShape(ArtifactLayout.SIMILARITY, entry, List.of((long) n, (long) n));
        checkSize(ArtifactLayout.SIMILARITY, entry, cells * Float.BYTES);
        float[] similarity = new float[(int) cells];
        streamVerified(
                store.layout().fileKey(version, ArtifactLayout.SIMILARITY),
                ArtifactLayout.SIMILARITY,
                entry,
                (buffer, offset) -> {
                    int first = (int) (offset / Float.BYTES);
                    buffer.asFloatBuffer().get(similarity, first, buffer.remaining() / Float.BYTES);
                });
        for (int i = 0; i < similarity.length; i++) {
            float v = similarity[i];
            // A cosine is within [-1, 1]; the comparison is false for NaN too.
            if (!(v >= -1.0001f && v <= 1.0001f)) {
                throw new ModelRejectedException(
                        "similarity.f32[" + i / n + "][" + i % n + "] = " + v + " is not a cosine");
            }
        }
        return similarity;
    }

    private SimilarityModel topK(
            String version, ModelManifest manifest, Catalog catalog, long started)
            throws ModelRejectedException {
        int n = catalog.size();
        ArtifactFile entry = fileEntry(manifest, ArtifactLayout.NEIGHBORS);
        Integer k = manifest.topK();
        if (k == null || k <= 0) {
            throw new ModelRejectedException("top-K model without a positive top_k");
        }
        long cells = (long) n * k;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new ModelRejectedException(n + " x " + k + " neighbours are too many");
        }
        checkShape(ArtifactLayout.NEIGHBORS, entry, List.of((long) n, (long) k));
        checkSize(ArtifactLayout.NEIGHBORS, entry, cells * NeighborsLayout.ENTRY_BYTES);
        int[] rows = new int[(int) cells];
        float[] sims = new float[(int) cells];
        streamVerified(
                store.layout().fileKey(version, ArtifactLayout.NEIGHBORS),
                ArtifactLayout.NEIGHBORS,
                entry,
                (buffer, offset) -> {
                    int cell = (int) (offset / NeighborsLayout.ENTRY_BYTES);
                    while (buffer.remaining() >= NeighborsLayout.ENTRY_BYTES) {
                        rows[cell] = buffer.getInt();
                        sims[cell] = buffer.getFloat();
                        cell++;
                    }
                });
        for (int i = 0; i < rows.length; i++) {
            int self = i / k;
            boolean padding = rows[i] == -1;
            if (padding
                    ? !Float.isNaN(sims[i])
                    : rows[i] < 0
                            || rows[i] >= n
                            || rows[i] == self
                            || !(sims[i] >= -1.0001f && sims[i] <= 1.0001f)) {
                throw new ModelRejectedException(
                        "neighbors.bin entry "
                                + self
                                + "/"
                                + i % k
                                + " = ("
                                + rows[i]
                                + ", "
                                + sims[i]
                                + ") is invalid");
            }
        }
        return SimilarityModel.topK(
                manifest, catalog, k, rows, sims, Duration.ofNanos(System.nanoTime() - started));
    }

    private static ArtifactFile fileEntry(ModelManifest manifest, String file)
            throws ModelRejectedException {
        ArtifactFile entry = manifest.files().get(file);
        if (entry == null) {
            throw new ModelRejectedException("manifest.json does not list " + file);
        }
        if (entry.sha256() == null) {
            throw new ModelRejectedException("manifest.json has no sha256 for " + file);
        }
        return entry;
    }

    private static void checkShape(String file, ArtifactFile entry, List<Long> expected)
            throws ModelRejectedException {
        if (entry.shape() != null && !expected.equals(entry.shape())) {
            throw new ModelRejectedException(
                    file + " shape " + entry.shape() + " in the manifest, expected " + expected);
        }
    }

    private static void checkSize(String file, ArtifactFile entry, long expected)
            throws ModelRejectedException {
        if (entry.bytes() != expected) {
            throw new ModelRejectedException(
                    file
                            + " is listed with "
                            + entry.bytes()
                            + " bytes, its shape needs "
                            + expected);
        }
    }

    private byte[] readVerified(String key, String file, ArtifactFile entry)
            throws ModelRejectedException {
        byte[] bytes;
        try {
            bytes = store.read(key);
        } catch (NoSuchKeyException e) {
            throw new ModelRejectedException(file + " is missing from the version");
        }
        if (bytes.length != entry.bytes()) {
            throw new ModelRejectedException(
                    file + " is " + bytes.length + " bytes, manifest says " + entry.bytes());
        }
        String digest = HexFormat.of().formatHex(sha256().digest(bytes));
        if (!digest.equalsIgnoreCase(entry.sha256())) {
            throw new ModelRejectedException(file + " does not match its sha256 in the manifest");
        }
        return bytes;
    }

    /** Receives consecutive little-endian chunks of a binary file and where each starts. */
    private interface ChunkSink {
        void accept(ByteBuffer chunk, long offset);
    }

    private void streamVerified(String key, String file, ArtifactFile entry, ChunkSink sink)
            throws ModelRejectedException {
        MessageDigest digest = sha256();
        long total = 0;
        byte[] chunk = new byte[CHUNK];
        try (InputStream raw = store.open(key);
                InputStream in = new DigestInputStream(raw, digest)) {
            while (true) {
                int filled = in.readNBytes(chunk, 0, CHUNK);
                if (filled == 0) {
                    break;
                }
                if (total + filled > entry.bytes()) {
                    throw new ModelRejectedException(
                            file
                                    + " is longer than the "
                                    + entry.bytes()
                                    + " bytes of the manifest");
                }
                // Entries (4 or 8 bytes) never straddle chunks: CHUNK is a multiple of both and
                // only the last chunk is short.
                sink.accept(
                        ByteBuffer.wrap(chunk, 0, filled).order(ByteOrder.LITTLE_ENDIAN), total);
                total += filled;
                if (filled < CHUNK) {
                    break;
                }
            }
        } catch (NoSuchKeyException e) {
            throw new ModelRejectedException(file + " is missing from the version");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + key, e);
        }
        if (total != entry.bytes()) {
            throw new ModelRejectedException(
                    file + " is " + total + " bytes, manifest says " + entry.bytes());
        }
        if (!HexFormat.of().formatHex(digest.digest()).equalsIgnoreCase(entry.sha256())) {
            throw new ModelRejectedException(file + " does not match its sha256 in the manifest");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
