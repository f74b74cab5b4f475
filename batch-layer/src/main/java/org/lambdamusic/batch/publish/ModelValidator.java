package org.lambdamusic.batch.publish;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.model.ArtifactFile;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.contracts.model.NeighborsLayout;
import org.lambdamusic.contracts.model.RowCounts;
import org.lambdamusic.contracts.model.ScalerParams;

/**
 * The checks a model version must pass before anything is published: row counts add up, every file
 * matches the size and sha256 the manifest records, shapes agree with the row count, the matrix has
 * no NaN/Inf and an exact 1 on its diagonal, the neighbour lists are well formed. The first failure
 * ends validation with a one-line message.
 */
public final class ModelValidator {
    private ModelValidator() {}

    public static void validate(ModelArtifacts model) {
        ModelManifest m = model.manifest();
        check(ModelVersion.isValid(m.version()), "version id '" + m.version() + "' is malformed");
        check(AudioFeatures.NAMES.equals(m.features()), "manifest features are not the eleven");
        int n = checkCounts(m);
        checkFiles(model);
        checkScaler(model.files().get(ArtifactLayout.SCALER));
        checkTracks(model.files().get(ArtifactLayout.TRACKS), n);
        if (ModelManifest.MODE_DENSE.equals(m.mode())) {
            check(
                    !model.files().containsKey(ArtifactLayout.NEIGHBORS),
                    "dense model has neighbors.bin");
            checkShape(m, ArtifactLayout.SIMILARITY, List.of((long) n, (long) n));
            checkDense(model.files().get(ArtifactLayout.SIMILARITY), n);
        } else if (ModelManifest.MODE_TOP_K.equals(m.mode())) {
            check(
                    !model.files().containsKey(ArtifactLayout.SIMILARITY),
                    "top-K model has similarity.f32");
            check(m.topK() != null && m.topK() > 0, "top-K model without top_k");
            check(
                    NeighborsLayout.DESCRIPTION.equals(m.neighborsLayout()),
                    "neighbors_layout missing");
            checkShape(m, ArtifactLayout.NEIGHBORS, List.of((long) n, (long) m.topK()));
            checkNeighbors(model.files().get(ArtifactLayout.NEIGHBORS), n, m.topK());
        } else {
            fail("unknown mode '" + m.mode() + "'");
        }
        checkShape(m, ArtifactLayout.TRACKS, List.of((long) n));
    }

    private static int checkCounts(ModelManifest m) {
        RowCounts c = m.rowCounts();
        check(c != null, "manifest has no row counts");
        long dropped = c.dropped().values().stream().mapToLong(Long::longValue).sum();
        check(
                c.raw() == dropped + c.clean(),
                "row counts do not add up: raw "
                        + c.raw()
                        + " != dropped "
                        + dropped
                        + " + clean "
                        + c.clean());
        check(
                c.sampled() > 0 && c.sampled() <= c.clean(),
                "sampled " + c.sampled() + " not in 1.." + c.clean());
        if ("all".equals(m.sample())) {
            check(
                    c.sampled() == c.clean(),
                    "sample all but sampled " + c.sampled() + " != clean " + c.clean());
        } else {
            check(
                    Long.toString(c.sampled()).equals(m.sample()),
                    "sampled " + c.sampled() + " != requested " + m.sample());
        }
        check(c.sampled() < Integer.MAX_VALUE, "too many rows");
        return (int) c.sampled();
    }

    private static void checkFiles(ModelArtifacts model) {
        Map<String, ArtifactFile> listed = model.manifest().files();
        check(
                listed != null && listed.keySet().equals(model.files().keySet()),
                "manifest lists "
                        + (listed == null ? "no files" : listed.keySet())
                        + " but the version has "
                        + model.files().keySet());
        check(model.files().containsKey(ArtifactLayout.SCALER), "scaler.json missing");
        check(model.files().containsKey(ArtifactLayout.TRACKS), "tracks.csv.gz missing");
        for (Map.Entry<String, byte[]> file : model.files().entrySet()) {
            ArtifactFile entry = listed.get(file.getKey());
            check(
                    entry.bytes() == file.getValue().length,
                    file.getKey()
                            + " is "
                            + file.getValue().length
                            + " bytes, manifest says "
                            + entry.bytes());
            check(
                    ModelArtifacts.sha256(file.getValue()).equals(entry.sha256()),
                    file.getKey() + " does not match its sha256 in the manifest");
        }
    }

    private static void checkShape(ModelManifest m, String file, List<Long> shape) {
        List<Long> recorded = m.files().get(file).shape();
        check(shape.equals(recorded), file + " shape " + recorded + ", expected " + shape);
    }

    private static void checkScaler(byte[] json) {
        ScalerParams scaler;
        try {
            scaler = ContractsJson.read(json, ScalerParams.class);
        } catch (IOException e) {
            throw fail("scaler.json is not valid JSON: " + e.getMessage());
        }
        check(
                AudioFeatures.NAMES.equals(scaler.features()),
                "scaler.json features are not the eleven");
        check(
                scaler.mean().length == AudioFeatures.COUNT
                        && scaler.scale().length == AudioFeatures.COUNT,
                "scaler.json needs 11 means and scales");
        for (int f = 0; f < AudioFeatures.COUNT; f++) {
            check(
                    Double.isFinite(scaler.mean()[f]),
                    "scaler mean of " + AudioFeatures.NAMES.get(f) + " is not finite");
            check(
                    Double.isFinite(scaler.scale()[f]) && scaler.scale()[f] > 0,
                    "scaler scale of " + AudioFeatures.NAMES.get(f) + " is not a positive number");
        }
    }

    private static void checkTracks(byte[] gz, int n) {
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(new ByteArrayInputStream(gz)),
                                StandardCharsets.UTF_8))) {
            check(
                    ArtifactLayout.TRACKS_HEADER.equals(in.readLine()),
                    "tracks.csv.gz header is wrong");
            long rows = 0;
            while (in.readLine() != null) {
                rows++;
            }
            check(rows == n, "tracks.csv.gz has " + rows + " rows, expected " + n);
        } catch (IOException e) {
            throw fail("tracks.csv.gz is not readable gzip: " + e.getMessage());
        }
    }

    private static void checkDense(byte[] bytes, int n) {
        check(
                bytes.length == (long) n * n * Float.BYTES,
                "similarity.f32 is " + bytes.length + " bytes, expected " + (long) n * n * 4);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            int rowStart = i * n;
            for (int j = 0; j < n; j++) {
                float v = buf.getFloat((rowStart + j) * Float.BYTES);
                if (!(v >= -1f && v <= 1f)) { // false for NaN too
                    throw fail("similarity.f32[" + i + "][" + j + "] = " + v + " is not a cosine");
                }
            }
            float diagonal = buf.getFloat((rowStart + i) * Float.BYTES);
            check(
                    diagonal == 1f,
                    "similarity.f32[" + i + "][" + i + "] = " + diagonal + ", expected 1");
        }
    }

    private static void checkNeighbors(byte[] bytes, int n, int k) {
        check(
                bytes.length == (long) n * k * NeighborsLayout.ENTRY_BYTES,
                "neighbors.bin is " + bytes.length + " bytes, expected " + (long) n * k * 8);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int expectedReal = Math.min(k, n - 1);
        for (int i = 0; i < n; i++) {
            float previous = Float.POSITIVE_INFINITY;
            for (int e = 0; e < k; e++) {
                int row = buf.getInt();
                float v = buf.getFloat();
                if (e < expectedReal) {
                    check(
                            row >= 0 && row < n && row != i,
                            "neighbors.bin row " + i + " entry " + e + " points at row " + row);
                    check(
                            v >= -1f && v <= 1f && v <= previous,
                            "neighbors.bin row "
                                    + i
                                    + " entry "
                                    + e
                                    + " has cosine "
                                    + v
                                    + " (not in [-1,1] or out of order)");
                    previous = v;
                } else {
                    check(
                            row == -1 && Float.isNaN(v),
                            "neighbors.bin row " + i + " padding is not (-1, NaN)");
                }
            }
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw fail(problem);
        }
    }

    private static BatchJobException fail(String problem) {
        return new BatchJobException("model failed validation, nothing published: " + problem);
    }
}
