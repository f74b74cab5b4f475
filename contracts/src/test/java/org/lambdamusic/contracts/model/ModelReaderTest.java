package org.lambdamusic.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.ContractsJson;

class ModelReaderTest {
    static final String VERSION = "20261130T120000Z-0a0b0c0d";
    static final ScalerParams SCALER =
            new ScalerParams(
                    AudioFeatures.NAMES,
                    new double[] {.5, .6, 5, -7, .6, .08, .3, .15, .2, .45, 120},
                    new double[] {.17, .25, 3.5, 5, .48, .1, .33, .3, .17, .26, 30});

    static List<CatalogTrack> tracks(int first, int count) {
        List<CatalogTrack> tracks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int row = first + i;
            tracks.add(TracksTableTest.track(row, "id" + row, "Song " + row, "Artist " + row, row));
        }
        return tracks;
    }

    static ModelManifest header(long clean, long sampled, String sample) {
        return ModelManifest.header(
                VERSION,
                "2026-11-30T12:00:00Z",
                new DatasetRef("file:///x.csv", "ab"),
                new RowCounts(clean + 2, Map.of("duplicate_track_id", 2L), clean, sampled),
                42,
                sample,
                Map.of("load_clean", 10L));
    }

    /** Three tracks with hand-picked cosines, two more in the catalogue outside the sample. */
    static ModelArtifact dense() {
        float[] cosines = {1f, .5f, -.25f, .5f, 1f, 0f, -.25f, 0f, 1f};
        return ModelWriter.write(
                header(5, 3, "3"),
                SCALER,
                tracks(0, 3),
                tracks(3, 2),
                new SimilarityMatrix(3, cosines));
    }

    /** Three tracks, k = 3: two real neighbours each and one padding entry. */
    static ModelArtifact topK() {
        float nan = Float.NaN;
        int[] rows = {1, 2, -1, 0, 2, -1, 1, 0, -1};
        float[] cosines = {.5f, -.25f, nan, .5f, 0f, nan, 0f, -.25f, nan};
        return ModelWriter.write(
                header(3, 3, "all"),
                SCALER,
                tracks(0, 3),
                List.of(),
                new NeighborTable(3, 3, rows, cosines));
    }

    @Test
    void denseVersionRoundTrips() throws Exception {
        ModelArtifact artifact = dense();

        ModelContent content = ModelReader.verify(artifact);

        assertThat(artifact.files().keySet())
                .containsExactly(
                        "scaler.json", "tracks.csv.gz", "catalog.csv.gz", "similarity.f32");
        ModelManifest m = content.manifest();
        assertThat(m.mode()).isEqualTo(ModelManifest.MODE_DENSE);
        assertThat(m.features()).isEqualTo(AudioFeatures.NAMES);
        assertThat(m.topK()).isNull();
        assertThat(m.files().get("similarity.f32").shape()).containsExactly(3L, 3L);
        assertThat(m.files().get("similarity.f32").bytes()).isEqualTo(36);
        assertThat(m.files().get("catalog.csv.gz").shape()).containsExactly(2L);
        assertThat(m.files().get("tracks.csv.gz").sha256())
                .isEqualTo(Sha256.hex(artifact.files().get("tracks.csv.gz")));
        assertThat(content.tracks())
                .extracting(CatalogTrack::trackId)
                .containsExactly("id0", "id1", "id2");
        assertThat(content.unsampled()).extracting(CatalogTrack::row).containsExactly(3, 4);
        assertThat(((SimilarityMatrix) content.similarity()).get(0, 2)).isEqualTo(-.25f);
        assertThat(content.scaler().mean()).containsExactly(SCALER.mean());
    }

    @Test
    void binaryFilesAreLittleEndianAsTheContractSays() {
        byte[] dense = dense().files().get("similarity.f32");
        // 1.0f = 0x3F800000, 0.5f = 0x3F000000, -0.25f = 0xBE800000
        assertThat(java.util.Arrays.copyOf(dense, 12))
                .containsExactly(
                        0, 0, (byte) 0x80, 0x3F, 0, 0, 0, 0x3F, 0, 0, (byte) 0x80, (byte) 0xBE);

        ByteBuffer neighbors =
                ByteBuffer.wrap(topK().files().get("neighbors.bin")).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(neighbors.getInt()).isEqualTo(1);
        assertThat(neighbors.getFloat()).isEqualTo(.5f);
        assertThat(neighbors.getInt(16)).isEqualTo(-1);
        assertThat(neighbors.getFloat(20)).isNaN();
        assertThat(neighbors.capacity()).isEqualTo(3 * 3 * 8);
    }

    @Test
    void topKVersionRoundTrips() throws Exception {
        ModelArtifact artifact = topK();

        ModelContent content = ModelReader.verify(artifact);

        assertThat(artifact.files()).doesNotContainKey("catalog.csv.gz");
        assertThat(content.manifest().mode()).isEqualTo(ModelManifest.MODE_TOP_K);
        assertThat(content.manifest().topK()).isEqualTo(3);
        assertThat(content.manifest().neighborsLayout()).isEqualTo(NeighborsLayout.DESCRIPTION);
        NeighborTable table = (NeighborTable) content.similarity();
        assertThat(table.rows()).containsExactly(1, 2, -1, 0, 2, -1, 1, 0, -1);
        assertThat(content.unsampled()).isEmpty();
    }

    @Test
    void readsAVersionDirectory(@TempDir Path dir) throws Exception {
        ModelArtifact artifact = dense();
        for (Map.Entry<String, byte[]> f : artifact.files().entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        Files.write(dir.resolve(ArtifactLayout.MANIFEST), artifact.manifestBytes());

        assertThat(ModelReader.read(VERSION, ArtifactSource.directory(dir)).tracks()).hasSize(3);

        Files.delete(dir.resolve("similarity.f32"));
        assertThatThrownBy(() -> ModelReader.read(VERSION, ArtifactSource.directory(dir)))
                .hasMessage("similarity.f32 is missing from the version");
    }

    @Test
    void versionsWithoutACatalogFileStillLoad() throws Exception {
        ModelArtifact artifact = dense();
        Map<String, byte[]> files = new LinkedHashMap<>(artifact.files());
        files.remove("catalog.csv.gz");
        Map<String, ArtifactFile> listed = new LinkedHashMap<>(artifact.manifest().files());
        listed.remove("catalog.csv.gz");
        ModelArtifact older = new ModelArtifact(artifact.manifest().withFiles(listed), files);

        assertThat(ModelReader.verify(older).unsampled()).isEmpty();
    }

    @Test
    void refusesTamperedFiles() {
        assertRefused(
                dense(),
                f -> flip(f, "similarity.f32", 20),
                "similarity.f32 does not match its sha256 in the manifest");
        assertRefused(dense(), f -> flip(f, "tracks.csv.gz", 30), "tracks.csv.gz");
        assertRefused(
                dense(),
                f -> {
                    f.put("similarity.f32", java.util.Arrays.copyOf(f.get("similarity.f32"), 40));
                    return f;
                },
                "similarity.f32 is longer than the 36 bytes of the manifest");
        assertRefused(
                dense(),
                f -> {
                    f.put("similarity.f32", java.util.Arrays.copyOf(f.get("similarity.f32"), 32));
                    return f;
                },
                "similarity.f32 is 32 bytes, manifest says 36");
    }

    @Test
    void refusesMatricesThatAreNotCosines() {
        float[] offDiagonal = {1f, .5f, 0f, .5f, .99f, 0f, 0f, 0f, 1f};
        assertThatThrownBy(() -> ModelReader.verify(denseWith(offDiagonal)))
                .hasMessage("similarity.f32[1][1] = 0.99, expected 1");
        float[] nan = {1f, Float.NaN, 0f, .5f, 1f, 0f, 0f, 0f, 1f};
        assertThatThrownBy(() -> ModelReader.verify(denseWith(nan)))
                .hasMessage("similarity.f32[0][1] = NaN is not a cosine");
        float[] big = {1f, 1.5f, 0f, .5f, 1f, 0f, 0f, 0f, 1f};
        assertThatThrownBy(() -> ModelReader.verify(denseWith(big)))
                .hasMessage("similarity.f32[0][1] = 1.5 is not a cosine");
    }

    @Test
    void refusesMalformedNeighbourLists() {
        float nan = Float.NaN;
        float[] ok = {.5f, -.25f, nan, .5f, 0f, nan, 0f, -.25f, nan};
        assertThatThrownBy(
                        () ->
                                ModelReader.verify(
                                        topKWith(new int[] {0, 2, -1, 0, 2, -1, 1, 0, -1}, ok)))
                .hasMessage("neighbors.bin row 0 entry 0 points at row 0");
        float[] unordered = {-.25f, .5f, nan, .5f, 0f, nan, 0f, -.25f, nan};
        assertThatThrownBy(
                        () ->
                                ModelReader.verify(
                                        topKWith(
                                                new int[] {1, 2, -1, 0, 2, -1, 1, 0, -1},
                                                unordered)))
                .hasMessageContaining(
                        "row 0 entry 1 has cosine 0.5 (not in [-1,1] or out of order)");
        float[] padded = {.5f, -.25f, 0f, .5f, 0f, nan, 0f, -.25f, nan};
        assertThatThrownBy(
                        () ->
                                ModelReader.verify(
                                        topKWith(new int[] {1, 2, -1, 0, 2, -1, 1, 0, -1}, padded)))
                .hasMessage("neighbors.bin row 0 padding is not (-1, NaN)");
    }

    @Test
    void refusesManifestsThatDoNotAddUp() {
        ModelArtifact a = dense();
        assertThatThrownBy(
                        () ->
                                ModelReader.verify(
                                        rewrite(
                                                a,
                                                m ->
                                                        m.withRowCounts(
                                                                new RowCounts(9, Map.of(), 5, 3)))))
                .hasMessage("row counts do not add up: raw 9 != dropped 0 + clean 5");
        assertThatThrownBy(
                        () ->
                                ModelReader.verify(
                                        rewrite(
                                                a,
                                                m ->
                                                        m.withRowCounts(
                                                                new RowCounts(6, Map.of(), 6, 3)))))
                .hasMessage("catalog.csv.gz shape [2] in the manifest, expected [3]");
        assertThatThrownBy(
                        () ->
                                ModelReader.verify(
                                        rewrite(
                                                a,
                                                m ->
                                                        m.withRowCounts(
                                                                new RowCounts(5, Map.of(), 5, 4)))))
                .hasMessage("sampled 4 != requested 3");
        assertThatThrownBy(() -> ModelReader.read("../etc", ArtifactSource.of(Map.of())))
                .hasMessage("'../etc' is not a model version id");
        assertThatThrownBy(() -> ModelReader.read(VERSION, ArtifactSource.of(Map.of())))
                .hasMessage("manifest.json is missing from the version");
        assertThatThrownBy(
                        () ->
                                ModelReader.read(
                                        VERSION,
                                        ArtifactSource.of(Map.of("manifest.json", "{".getBytes()))))
                .hasMessageStartingWith("manifest.json is not valid");
    }

    @Test
    void refusesADuplicateTrackAcrossTables() {
        List<CatalogTrack> rest = new ArrayList<>(tracks(3, 2));
        CatalogTrack dup = rest.get(1);
        rest.set(
                1,
                new CatalogTrack(
                        4, "id0", dup.trackName(), dup.artists(), "A", "g", 1, dup.features()));
        ModelArtifact a =
                ModelWriter.write(
                        header(5, 3, "3"),
                        SCALER,
                        tracks(0, 3),
                        rest,
                        new SimilarityMatrix(3, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}));
        assertThatThrownBy(() -> ModelReader.verify(a)).hasMessage("track_id id0 appears twice");
    }

    @Test
    void refusesAScalerWithAZeroScale() {
        double[] scale = SCALER.scale().clone();
        scale[4] = 0;
        ModelArtifact a =
                ModelWriter.write(
                        header(5, 3, "3"),
                        new ScalerParams(AudioFeatures.NAMES, SCALER.mean(), scale),
                        tracks(0, 3),
                        tracks(3, 2),
                        new SimilarityMatrix(3, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}));
        assertThatThrownBy(() -> ModelReader.verify(a))
                .hasMessage("scaler scale of mode is not a positive number");
    }

    private static ModelArtifact denseWith(float[] cosines) {
        return ModelWriter.write(
                header(5, 3, "3"),
                SCALER,
                tracks(0, 3),
                tracks(3, 2),
                new SimilarityMatrix(3, cosines));
    }

    private static ModelArtifact topKWith(int[] rows, float[] cosines) {
        return ModelWriter.write(
                header(3, 3, "all"),
                SCALER,
                tracks(0, 3),
                List.of(),
                new NeighborTable(3, 3, rows, cosines));
    }

    private static void assertRefused(
            ModelArtifact a, UnaryOperator<Map<String, byte[]>> tamper, String message) {
        Map<String, byte[]> files = tamper.apply(new LinkedHashMap<>(a.files()));
        assertThatThrownBy(() -> ModelReader.verify(new ModelArtifact(a.manifest(), files)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(message);
    }

    private static Map<String, byte[]> flip(Map<String, byte[]> files, String name, int at) {
        byte[] copy = files.get(name).clone();
        copy[at] ^= 0x01;
        files.put(name, copy);
        return files;
    }

    private static ModelArtifact rewrite(ModelArtifact a, UnaryOperator<ModelManifest> change) {
        return new ModelArtifact(change.apply(a.manifest()), a.files());
    }

    @Test
    void aFailingSourceIsTransientNotAVerdictOnTheVersion() {
        ModelArtifact artifact = dense();
        Map<String, byte[]> all = new LinkedHashMap<>(artifact.files());
        all.put(ArtifactLayout.MANIFEST, artifact.manifestBytes());
        for (String broken : List.of("tracks.csv.gz", "similarity.f32", "scaler.json")) {
            ArtifactSource dropsMidway =
                    name -> {
                        java.io.InputStream in = ArtifactSource.of(all).open(name);
                        if (!name.equals(broken)) {
                            return in;
                        }
                        return new java.io.FilterInputStream(in) {
                            int served;

                            @Override
                            public int read(byte[] b, int off, int len) throws java.io.IOException {
                                if (served > 10) {
                                    throw new java.net.SocketException("Connection reset");
                                }
                                int n = super.read(b, off, Math.min(len, 8));
                                served += Math.max(n, 0);
                                return n;
                            }

                            @Override
                            public int read() throws java.io.IOException {
                                throw new java.net.SocketException("Connection reset");
                            }
                        };
                    };
            assertThatThrownBy(() -> ModelReader.read(VERSION, dropsMidway))
                    .as(broken)
                    .isInstanceOf(ArtifactSourceException.class)
                    .hasMessageContaining(broken)
                    .hasMessageContaining("Connection reset");
        }
        ArtifactSource unreachable =
                name -> {
                    throw new java.net.ConnectException("Connection refused");
                };
        assertThatThrownBy(() -> ModelReader.read(VERSION, unreachable))
                .isInstanceOf(ArtifactSourceException.class);
    }

    @Test
    void manifestJsonIsStable() {
        assertThat(new String(dense().manifestBytes()))
                .isEqualTo(new String(ContractsJson.writePretty(dense().manifest())));
    }
}
