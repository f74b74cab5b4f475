package org.lambdamusic.localstack.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.DatasetRef;
import org.lambdamusic.contracts.model.ModelArtifact;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelWriter;
import org.lambdamusic.contracts.model.RowCounts;
import org.lambdamusic.contracts.model.ScalerParams;
import org.lambdamusic.contracts.model.SimilarityMatrix;

/**
 * The hand-made dataset under {@code src/test/resources/replay/lastfm} and a catalogue to match it:
 * three matrix rows and five other clean tracks.
 *
 * <pre>
 * matrix rows:  t-sig-1  Hoppípolla      Sigur Rós                  popularity 50
 *               t-beat-1 Let It Be       The Beatles                80
 *               t-beat-2 Get Back        The Beatles;Billy Preston  70
 * catalogue:    t-sig-2  Glósóli         SIGUR RÓS                  90
 *               t-sig-3  Svefn-g-englar  Sigur Ro + U+0301 + s      90  (decomposed: NFKC composes it)
 *               t-beat-3 Let It Be       The Beatles                85  (a title the artist has)
 *               t-strasse Autobahn       STRASSE                    unknown
 *               t-sig-4  Untitled        Sigur Rós                  20  (a fourth track)
 * </pre>
 */
final class ReplayFixture {
    static final String VERSION = "20261207T120000Z-0123abcd";

    private ReplayFixture() {}

    static Path datasetDir() {
        try {
            return Paths.get(ReplayFixture.class.getResource("/replay/lastfm/artists.dat").toURI())
                    .getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static LastfmDataset dataset() {
        return LastfmDataset.read(datasetDir());
    }

    static List<CatalogTrack> recommendable() {
        return List.of(
                track(0, "t-sig-1", "Hoppípolla", "Sigur Rós", 50),
                track(1, "t-beat-1", "Let It Be", "The Beatles", 80),
                track(2, "t-beat-2", "Get Back", "The Beatles;Billy Preston", 70));
    }

    static List<CatalogTrack> others() {
        return List.of(
                track(3, "t-sig-2", "Glósóli", "SIGUR RÓS", 90),
                track(4, "t-sig-3", "Svefn-g-englar", "Sigur Ro\u0301s", 90),
                track(5, "t-beat-3", "Let It Be", "The Beatles", 85),
                track(6, "t-strasse", "Autobahn", "STRASSE", null),
                track(7, "t-sig-4", "Untitled", "Sigur Rós", 20));
    }

    static ReplayCatalog catalog() {
        return ReplayCatalog.of(
                recommendable(), others(), ReplayRules.DEFAULT.tracksPerArtist(), VERSION);
    }

    static ReplayPlan plan() {
        return ReplayPlan.of(
                ListenerTastes.match(dataset(), catalog(), Integer.MAX_VALUE),
                new ReplayDerivation(ReplayRules.DEFAULT));
    }

    /** Writes the catalogue as a model version (dense, identity matrix) under {@code root}. */
    static Path writeModel(Path root) throws IOException {
        int n = recommendable().size();
        float[] identity = new float[n * n];
        for (int i = 0; i < n; i++) {
            identity[i * n + i] = 1f;
        }
        long clean = n + others().size();
        ModelArtifact artifact =
                ModelWriter.write(
                        ModelManifest.header(
                                VERSION,
                                "2026-12-07T12:00:00Z",
                                new DatasetRef("file:///fixture.csv", "00"),
                                new RowCounts(clean, Map.of(), clean, n),
                                42,
                                Integer.toString(n),
                                Map.of()),
                        scaler(),
                        recommendable(),
                        others(),
                        new SimilarityMatrix(n, identity));
        Path version = Files.createDirectories(root.resolve(VERSION));
        Files.write(version.resolve("manifest.json"), artifact.manifestBytes());
        for (Map.Entry<String, byte[]> file : artifact.files().entrySet()) {
            Files.write(version.resolve(file.getKey()), file.getValue());
        }
        Files.writeString(root.resolve("LATEST"), VERSION);
        return version;
    }

    private static ScalerParams scaler() {
        double[] mean = new double[AudioFeatures.COUNT];
        double[] scale = new double[AudioFeatures.COUNT];
        java.util.Arrays.fill(scale, 1.0);
        return new ScalerParams(AudioFeatures.NAMES, mean, scale);
    }

    static CatalogTrack track(int row, String id, String name, String artists, Integer popularity) {
        return new CatalogTrack(
                row,
                id,
                name,
                artists,
                "Album",
                "rock",
                popularity,
                new double[AudioFeatures.COUNT]);
    }
}
