package org.lambdamusic.contracts.model;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.cf.ItemFactors;
import org.lambdamusic.contracts.cf.ListenerFactors;
import org.lambdamusic.contracts.listener.BatchViewFiles;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.TrackScore;

/**
 * The one loader and verifier of a model version. A version is usable only if it decodes here:
 * every file the manifest lists has its size and sha256, shapes agree with the row counts, the
 * counts add up, the scaler is eleven finite means and positive scales, the dense matrix holds
 * cosines with a unit diagonal, and the neighbour lists are ordered, in range and padded as {@link
 * NeighborsLayout} says. The binary matrices are streamed straight into primitive arrays while the
 * digest is computed, so the raw bytes are never held twice. The first failure ends the read with a
 * one-line {@link ModelFormatException}.
 */
public final class ModelReader {
    private static final int CHUNK = 1 << 20; // a multiple of both entry sizes (4 and 8 bytes)
    private static final int MAX_MANIFEST_BYTES = 1 << 20;
    private static final Set<String> KNOWN_FILES =
            Set.of(
                    ArtifactLayout.SCALER,
                    ArtifactLayout.TRACKS,
                    ArtifactLayout.CATALOG,
                    ArtifactLayout.SIMILARITY,
                    ArtifactLayout.NEIGHBORS,
                    BatchViewFiles.LISTENERS,
                    BatchViewFiles.TRACK_SCORES,
                    FactorsInfo.ITEM_FILE,
                    FactorsInfo.LISTENER_FILE);

    private ModelReader() {}

    /** Verifies a version before it is published, through the same checks a reader applies. */
    public static ModelContent verify(ModelArtifact artifact) throws ModelFormatException {
        Map<String, ArtifactFile> listed = artifact.manifest().files();
        if (listed == null || !listed.keySet().equals(artifact.files().keySet())) {
            throw new ModelFormatException(
                    "manifest lists "
                            + (listed == null ? "no files" : listed.keySet())
                            + " but the version has "
                            + artifact.files().keySet());
        }
        Map<String, byte[]> all = new java.util.HashMap<>(artifact.files());
        all.put(ArtifactLayout.MANIFEST, artifact.manifestBytes());
        return read(artifact.version(), ArtifactSource.of(all));
    }

    /**
     * Reads and verifies one version. The similarity file, the largest, is read on a second thread
     * while the track tables are parsed on this one: on two cores that hides most of the shorter of
     * the two (measured in BENCHMARKS.md, serving layer, model load).
     *
     * @throws ModelFormatException when the version breaks the contract: it must not be used
     * @throws ArtifactSourceException when the source failed while reading: try again later
     */
    public static ModelContent read(String version, ArtifactSource source)
            throws ModelFormatException {
        if (!ModelVersion.isValid(version)) {
            throw new ModelFormatException(
                    "'" + abbreviate(version) + "' is not a model version id");
        }
        ModelManifest manifest = manifest(version, source);
        int n = checkCounts(manifest);
        boolean hasCatalog = manifest.files().containsKey(ArtifactLayout.CATALOG);
        FutureTask<ModelSimilarity> matrix =
                new FutureTask<>(() -> similarity(source, manifest, n, hasCatalog));
        Thread matrixReader = new Thread(matrix, "model-reader-" + version);
        matrixReader.setDaemon(true);
        matrixReader.start();
        try {
            ScalerParams scaler = scaler(source, manifest);

            ArtifactFile tracksEntry = entry(manifest, ArtifactLayout.TRACKS);
            checkShape(ArtifactLayout.TRACKS, tracksEntry, List.of((long) n));
            List<CatalogTrack> tracks = table(source, ArtifactLayout.TRACKS, tracksEntry, 0, n);

            List<CatalogTrack> unsampled = List.of();
            if (hasCatalog) {
                ArtifactFile catalogEntry = manifest.files().get(ArtifactLayout.CATALOG);
                long expected = manifest.rowCounts().clean() - n;
                checkShape(ArtifactLayout.CATALOG, catalogEntry, List.of(expected));
                unsampled = table(source, ArtifactLayout.CATALOG, catalogEntry, n, expected);
            }
            checkDistinctIds(tracks, unsampled);
            BatchViews views = views(source, manifest);
            Factors factors = factors(source, manifest, n + unsampled.size());
            return new ModelContent(
                    manifest, scaler, tracks, unsampled, await(matrix), views, factors);
        } finally {
            matrix.cancel(true); // no-op when done; stops the reader when the tables failed
        }
    }

    private static ModelSimilarity similarity(
            ArtifactSource source, ModelManifest manifest, int n, boolean hasCatalog)
            throws ModelFormatException {
        if (ModelManifest.MODE_DENSE.equals(manifest.mode())) {
            refuse(
                    manifest.files().containsKey(ArtifactLayout.NEIGHBORS),
                    "dense model has neighbors.bin");
            return dense(source, manifest, n);
        } else if (ModelManifest.MODE_TOP_K.equals(manifest.mode())) {
            refuse(
                    manifest.files().containsKey(ArtifactLayout.SIMILARITY),
                    "top-K model has similarity.f32");
            refuse(hasCatalog, "full-catalog model has catalog.csv.gz");
            return neighbors(source, manifest, n);
        }
        throw new ModelFormatException("unknown mode '" + manifest.mode() + "'");
    }

    private static ModelSimilarity await(FutureTask<ModelSimilarity> matrix)
            throws ModelFormatException {
        try {
            return matrix.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the similarity file", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModelFormatException format) {
                throw format;
            } else if (cause instanceof RuntimeException runtime) {
                throw runtime;
            } else if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static ModelManifest manifest(String version, ArtifactSource source)
            throws ModelFormatException {
        byte[] bytes;
        try (InputStream in = open(source, ArtifactLayout.MANIFEST)) {
            bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw unreadable(ArtifactLayout.MANIFEST, e);
        }
        refuse(bytes.length > MAX_MANIFEST_BYTES, "manifest.json is larger than 1 MiB");
        ModelManifest manifest;
        try {
            manifest = ContractsJson.read(bytes, ModelManifest.class);
        } catch (IOException e) {
            throw new ModelFormatException(
                    "manifest.json is not valid: " + TracksTable.oneLine(e.getMessage()));
        }
        refuse(manifest == null, "manifest.json is empty");
        refuse(
                !version.equals(manifest.version()),
                "manifest.json names version " + manifest.version() + ", not " + version);
        refuse(
                !AudioFeatures.NAMES.equals(manifest.features()),
                "manifest features are not the eleven of the contract");
        refuse(manifest.files() == null, "manifest.json lists no files");
        for (String file : manifest.files().keySet()) {
            refuse(!KNOWN_FILES.contains(file), "manifest.json lists an unknown file " + file);
        }
        return manifest;
    }

    private static int checkCounts(ModelManifest m) throws ModelFormatException {
        RowCounts c = m.rowCounts();
        refuse(c == null || c.dropped() == null, "manifest has no row counts");
        long dropped = c.dropped().values().stream().mapToLong(Long::longValue).sum();
        refuse(
                c.raw() != dropped + c.clean(),
                "row counts do not add up: raw "
                        + c.raw()
                        + " != dropped "
                        + dropped
                        + " + clean "
                        + c.clean());
        refuse(
                c.sampled() <= 0 || c.sampled() > c.clean(),
                "sampled " + c.sampled() + " not in 1.." + c.clean());
        if ("all".equals(m.sample())) {
            refuse(
                    c.sampled() != c.clean(),
                    "sample all but sampled " + c.sampled() + " != clean " + c.clean());
        } else {
            refuse(
                    !Long.toString(c.sampled()).equals(m.sample()),
                    "sampled " + c.sampled() + " != requested " + m.sample());
        }
        refuse(c.clean() >= Integer.MAX_VALUE, "too many rows");
        return (int) c.sampled();
    }

    private static ScalerParams scaler(ArtifactSource source, ModelManifest manifest)
            throws ModelFormatException {
        ArtifactFile entry = entry(manifest, ArtifactLayout.SCALER);
        byte[] bytes;
        try (Verified in = Verified.open(source, ArtifactLayout.SCALER, entry)) {
            bytes = in.readAllBytes();
            in.finish();
        } catch (IOException e) {
            throw unreadable(ArtifactLayout.SCALER, e);
        }
        ScalerParams scaler;
        try {
            scaler = ContractsJson.read(bytes, ScalerParams.class);
        } catch (IOException e) {
            throw new ModelFormatException(
                    "scaler.json is not valid: " + TracksTable.oneLine(e.getMessage()));
        }
        refuse(
                scaler == null || !AudioFeatures.NAMES.equals(scaler.features()),
                "scaler.json features are not the eleven");
        refuse(
                scaler.mean() == null
                        || scaler.scale() == null
                        || scaler.mean().length != AudioFeatures.COUNT
                        || scaler.scale().length != AudioFeatures.COUNT,
                "scaler.json needs 11 means and scales");
        for (int f = 0; f < AudioFeatures.COUNT; f++) {
            refuse(
                    !Double.isFinite(scaler.mean()[f]),
                    "scaler mean of " + AudioFeatures.NAMES.get(f) + " is not finite");
            refuse(
                    !(Double.isFinite(scaler.scale()[f]) && scaler.scale()[f] > 0),
                    "scaler scale of " + AudioFeatures.NAMES.get(f) + " is not a positive number");
        }
        return scaler;
    }

    private static List<CatalogTrack> table(
            ArtifactSource source, String file, ArtifactFile entry, int firstRow, long expected)
            throws ModelFormatException {
        List<CatalogTrack> tracks;
        try (Verified in = Verified.open(source, file, entry)) {
            tracks = TracksTable.read(in, firstRow, file);
            in.finish();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        refuse(
                tracks.size() != expected,
                file + " has " + tracks.size() + " rows, expected " + expected);
        return tracks;
    }

    /** The batch views, when the manifest describes them: decoded, then checked as a whole. */
    private static BatchViews views(ArtifactSource source, ModelManifest manifest)
            throws ModelFormatException {
        InteractionsInfo info = manifest.interactions();
        boolean listed =
                manifest.files().containsKey(BatchViewFiles.LISTENERS)
                        || manifest.files().containsKey(BatchViewFiles.TRACK_SCORES);
        if (info == null) {
            refuse(listed, "manifest lists batch view files but has no interactions object");
            return BatchViews.NONE;
        }
        ArtifactFile listenersEntry = entry(manifest, BatchViewFiles.LISTENERS);
        ArtifactFile tracksEntry = entry(manifest, BatchViewFiles.TRACK_SCORES);
        checkShape(BatchViewFiles.LISTENERS, listenersEntry, List.of(info.listeners()));
        checkShape(BatchViewFiles.TRACK_SCORES, tracksEntry, List.of(info.tracks()));
        List<ListenerView> listeners;
        try (Verified in = Verified.open(source, BatchViewFiles.LISTENERS, listenersEntry)) {
            listeners = BatchViewFiles.readListeners(in);
            in.finish();
        } catch (IOException e) {
            throw unreadable(BatchViewFiles.LISTENERS, e);
        }
        List<TrackScore> scores;
        try (Verified in = Verified.open(source, BatchViewFiles.TRACK_SCORES, tracksEntry)) {
            scores = BatchViewFiles.readTrackScores(in);
            in.finish();
        } catch (IOException e) {
            throw unreadable(BatchViewFiles.TRACK_SCORES, e);
        }
        BatchViews views = new BatchViews(info, listeners, scores);
        String problem = BatchViewFiles.problem(views);
        refuse(problem != null, problem);
        return views;
    }

    /** The factors, when the manifest describes them: shapes checked, every value finite. */
    private static Factors factors(ArtifactSource source, ModelManifest manifest, int rows)
            throws ModelFormatException {
        FactorsInfo info = manifest.factors();
        boolean listed =
                manifest.files().containsKey(FactorsInfo.ITEM_FILE)
                        || manifest.files().containsKey(FactorsInfo.LISTENER_FILE);
        if (info == null) {
            refuse(listed, "manifest lists factor files but has no factors object");
            return Factors.NONE;
        }
        refuse(info.rank() < 1, "factors rank " + info.rank() + " is not positive");
        ArtifactFile itemsEntry = entry(manifest, FactorsInfo.ITEM_FILE);
        ArtifactFile listenersEntry = entry(manifest, FactorsInfo.LISTENER_FILE);
        checkShape(FactorsInfo.ITEM_FILE, itemsEntry, List.of(info.tracks(), (long) info.rank()));
        checkShape(
                FactorsInfo.LISTENER_FILE,
                listenersEntry,
                List.of(info.listeners(), (long) info.rank()));
        checkSize(
                FactorsInfo.ITEM_FILE,
                itemsEntry,
                info.tracks() * ItemFactors.entryBytes(info.rank()));
        ItemFactors items;
        try (Verified in = Verified.open(source, FactorsInfo.ITEM_FILE, itemsEntry)) {
            byte[] bytes = in.readAllBytes();
            in.finish();
            items = ItemFactors.decode(bytes, info.rank(), rows);
        } catch (IOException e) {
            throw unreadable(FactorsInfo.ITEM_FILE, e);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(FactorsInfo.ITEM_FILE + ": " + e.getMessage());
        }
        ListenerFactors listeners;
        try (Verified in = Verified.open(source, FactorsInfo.LISTENER_FILE, listenersEntry)) {
            listeners = ListenerFactors.decode(in, info.rank());
            in.finish();
        } catch (IOException e) {
            throw unreadable(FactorsInfo.LISTENER_FILE, e);
        }
        refuse(
                listeners.size() != info.listeners(),
                FactorsInfo.LISTENER_FILE
                        + " has "
                        + listeners.size()
                        + " listeners, the manifest says "
                        + info.listeners());
        return new Factors(info, items, listeners);
    }

    private static void checkDistinctIds(List<CatalogTrack> tracks, List<CatalogTrack> unsampled)
            throws ModelFormatException {
        Set<String> ids = new HashSet<>((tracks.size() + unsampled.size()) * 2);
        for (List<CatalogTrack> table : List.of(tracks, unsampled)) {
            for (CatalogTrack t : table) {
                refuse(!ids.add(t.trackId()), "track_id " + t.trackId() + " appears twice");
            }
        }
    }

    private static SimilarityMatrix dense(ArtifactSource source, ModelManifest manifest, int n)
            throws ModelFormatException {
        ArtifactFile entry = entry(manifest, ArtifactLayout.SIMILARITY);
        long cells = (long) n * n;
        refuse(cells > Integer.MAX_VALUE - 8, n + " tracks are too many for a dense matrix");
        checkShape(ArtifactLayout.SIMILARITY, entry, List.of((long) n, (long) n));
        checkSize(ArtifactLayout.SIMILARITY, entry, cells * Float.BYTES);
        float[] cosines = new float[(int) cells];
        stream(
                source,
                ArtifactLayout.SIMILARITY,
                entry,
                (chunk, offset) ->
                        chunk.asFloatBuffer()
                                .get(cosines, (int) (offset / Float.BYTES), chunk.remaining() / 4));
        for (int i = 0; i < n; i++) {
            int rowStart = i * n;
            for (int j = 0; j < n; j++) {
                float v = cosines[rowStart + j];
                if (!(v >= -1f && v <= 1f)) { // false for NaN too
                    throw new ModelFormatException(
                            "similarity.f32[" + i + "][" + j + "] = " + v + " is not a cosine");
                }
            }
            float diagonal = cosines[rowStart + i];
            refuse(
                    diagonal != 1f,
                    "similarity.f32[" + i + "][" + i + "] = " + diagonal + ", expected 1");
        }
        return new SimilarityMatrix(n, cosines);
    }

    private static NeighborTable neighbors(ArtifactSource source, ModelManifest manifest, int n)
            throws ModelFormatException {
        ArtifactFile entry = entry(manifest, ArtifactLayout.NEIGHBORS);
        Integer k = manifest.topK();
        refuse(k == null || k <= 0, "top-K model without a positive top_k");
        refuse(
                !NeighborsLayout.DESCRIPTION.equals(manifest.neighborsLayout()),
                "neighbors_layout is not the contract's");
        long cells = (long) n * k;
        refuse(cells > Integer.MAX_VALUE - 8, n + " x " + k + " neighbours are too many");
        checkShape(ArtifactLayout.NEIGHBORS, entry, List.of((long) n, (long) k));
        checkSize(ArtifactLayout.NEIGHBORS, entry, cells * NeighborsLayout.ENTRY_BYTES);
        int[] rows = new int[(int) cells];
        float[] cosines = new float[(int) cells];
        stream(
                source,
                ArtifactLayout.NEIGHBORS,
                entry,
                (chunk, offset) -> {
                    int cell = (int) (offset / NeighborsLayout.ENTRY_BYTES);
                    while (chunk.remaining() >= NeighborsLayout.ENTRY_BYTES) {
                        rows[cell] = chunk.getInt();
                        cosines[cell] = chunk.getFloat();
                        cell++;
                    }
                });
        int real = Math.min(k, n - 1);
        for (int i = 0; i < n; i++) {
            float previous = Float.POSITIVE_INFINITY;
            for (int e = 0; e < k; e++) {
                int cell = i * k + e;
                int row = rows[cell];
                float v = cosines[cell];
                if (e < real) {
                    if (row < 0 || row >= n || row == i) {
                        throw new ModelFormatException(
                                "neighbors.bin row " + i + " entry " + e + " points at row " + row);
                    }
                    if (!(v >= -1f && v <= 1f && v <= previous)) {
                        throw new ModelFormatException(
                                "neighbors.bin row "
                                        + i
                                        + " entry "
                                        + e
                                        + " has cosine "
                                        + v
                                        + " (not in [-1,1] or out of order)");
                    }
                    previous = v;
                } else if (row != -1 || !Float.isNaN(v)) {
                    throw new ModelFormatException(
                            "neighbors.bin row " + i + " padding is not (-1, NaN)");
                }
            }
        }
        return new NeighborTable(n, k, rows, cosines);
    }

    /** Receives consecutive little-endian chunks of a binary file and where each starts. */
    private interface ChunkSink {
        void accept(ByteBuffer chunk, long offset);
    }

    private static void stream(
            ArtifactSource source, String file, ArtifactFile entry, ChunkSink sink)
            throws ModelFormatException {
        byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(entry.bytes(), 8))];
        long offset = 0;
        try (Verified in = Verified.open(source, file, entry)) {
            int filled;
            // readNBytes fills the whole chunk except at the end, so no entry straddles chunks.
            while ((filled = in.readNBytes(chunk, 0, chunk.length)) > 0) {
                sink.accept(
                        ByteBuffer.wrap(chunk, 0, filled).order(ByteOrder.LITTLE_ENDIAN), offset);
                offset += filled;
            }
            in.finish();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static ArtifactFile entry(ModelManifest manifest, String file)
            throws ModelFormatException {
        ArtifactFile entry = manifest.files().get(file);
        refuse(entry == null, "manifest.json does not list " + file);
        refuse(entry.sha256() == null, "manifest.json has no sha256 for " + file);
        return entry;
    }

    private static void checkShape(String file, ArtifactFile entry, List<Long> expected)
            throws ModelFormatException {
        refuse(
                !expected.equals(entry.shape()),
                file + " shape " + entry.shape() + " in the manifest, expected " + expected);
    }

    private static void checkSize(String file, ArtifactFile entry, long expected)
            throws ModelFormatException {
        refuse(
                entry.bytes() != expected,
                file + " is listed with " + entry.bytes() + " bytes, its shape needs " + expected);
    }

    private static InputStream open(ArtifactSource source, String file)
            throws ModelFormatException, IOException {
        try {
            return source.open(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + " is missing from the version");
        } catch (IOException e) {
            throw new ArtifactSourceException("opening " + file + " failed: " + e.getMessage(), e);
        }
    }

    private static ModelFormatException unreadable(String file, IOException e) {
        if (e instanceof LongerThanListed) {
            return new ModelFormatException(e.getMessage());
        }
        return new ModelFormatException(
                "reading "
                        + file
                        + " failed: "
                        + TracksTable.oneLine(String.valueOf(e.getMessage())));
    }

    private static void refuse(boolean broken, String problem) throws ModelFormatException {
        if (broken) {
            throw new ModelFormatException(problem);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** Thrown from inside the stream, so it travels as an IOException through any reader. */
    private static final class LongerThanListed extends IOException {
        LongerThanListed(String message) {
            super(message);
        }
    }

    /**
     * A file of the version, digested and counted as it is read; {@link #finish} reads what the
     * consumer left and compares size and sha256 with the manifest. Reading past the listed size
     * fails at once, so a runaway object never fills memory.
     */
    private static final class Verified extends FilterInputStream {
        private final String file;
        private final ArtifactFile entry;
        private final MessageDigest digest = Sha256.digest();
        private long count;

        private Verified(InputStream in, String file, ArtifactFile entry) {
            super(in);
            this.file = file;
            this.entry = entry;
        }

        static Verified open(ArtifactSource source, String file, ArtifactFile entry)
                throws ModelFormatException, IOException {
            return new Verified(ModelReader.open(source, file), file, entry);
        }

        @Override
        public int read() throws IOException {
            int b = fromSource(() -> super.read());
            if (b >= 0) {
                digest.update((byte) b);
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int read = fromSource(() -> super.read(b, off, len));
            if (read > 0) {
                digest.update(b, off, read);
                counted(read);
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private interface SourceRead {
            int read() throws IOException;
        }

        /** A failure of the source itself is transient, never a verdict on the version. */
        private int fromSource(SourceRead read) {
            try {
                return read.read();
            } catch (IOException e) {
                throw new ArtifactSourceException(
                        "reading " + file + " failed: " + e.getMessage(), e);
            }
        }

        private void counted(int bytes) throws IOException {
            count += bytes;
            if (count > entry.bytes()) {
                throw new LongerThanListed(
                        file + " is longer than the " + entry.bytes() + " bytes of the manifest");
            }
        }

        void finish() throws IOException, ModelFormatException {
            byte[] rest = new byte[8192];
            while (read(rest, 0, rest.length) >= 0) {
                // drain: gzip readers may stop before the end of the object
            }
            refuse(
                    count != entry.bytes(),
                    file + " is " + count + " bytes, manifest says " + entry.bytes());
            refuse(
                    !Sha256.hex(digest).equalsIgnoreCase(entry.sha256()),
                    file + " does not match its sha256 in the manifest");
        }
    }
}
