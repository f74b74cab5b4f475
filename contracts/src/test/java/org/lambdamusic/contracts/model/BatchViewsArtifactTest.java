package org.lambdamusic.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.listener.BatchViewFiles;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.listener.ListenerFold;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.TrackScore;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.view.RecentInteraction;

class BatchViewsArtifactTest {

    /** Two listeners, five events up to offsets {0: 4, 1: 2}. */
    static BatchViews views() {
        ListenerFold ann = new ListenerFold("ann", 0, 50);
        ann.apply(new RecentInteraction("e1", "id0", "like", 1_000, 1));
        ann.apply(new RecentInteraction("e2", "id1", "play", 2_000, 3));
        ann.apply(new RecentInteraction("e3", "id0", "skip", 3_000, 4));
        ListenerFold bob = new ListenerFold("bob", 1, 50);
        bob.apply(new RecentInteraction("e4", "id1", "like", 1_500, 0));
        bob.apply(new RecentInteraction("e5", "id2", "play", 2_500, 2));
        InteractionsInfo info =
                new InteractionsInfo(
                        "s3a://recommender/interactions",
                        "user-interactions",
                        new Watermark(Map.of(0, 4L, 1, 2L)),
                        7,
                        5,
                        1,
                        1,
                        0,
                        0,
                        1_000L,
                        3_000L,
                        2,
                        3,
                        Map.of("play", 1, "like", 3, "skip", -1),
                        50);
        return new BatchViews(
                info,
                List.of(ann.view(), bob.view()),
                List.of(
                        new TrackScore("id0", 0, 1, 1, 2),
                        new TrackScore("id1", 1, 1, 0, 4),
                        new TrackScore("id2", 1, 0, 0, 1)));
    }

    static ModelArtifact withViews(BatchViews views) {
        return ModelWriter.write(
                ModelReaderTest.header(5, 3, "3"),
                ModelReaderTest.SCALER,
                ModelReaderTest.tracks(0, 3),
                ModelReaderTest.tracks(3, 2),
                new SimilarityMatrix(3, new float[] {1, .5f, 0, .5f, 1, 0, 0, 0, 1}),
                views);
    }

    @Test
    void viewsTravelInsideTheVersionAndReadBackEqual() throws Exception {
        ModelArtifact artifact = withViews(views());

        ModelContent content = ModelReader.verify(artifact);

        assertThat(artifact.files())
                .containsKeys(BatchViewFiles.LISTENERS, BatchViewFiles.TRACK_SCORES);
        assertThat(content.views()).isEqualTo(views());
        assertThat(content.views().watermark().of(0)).isEqualTo(4);
        assertThat(content.views().listeners().get(0).likedTracks()).isEmpty(); // liked, skipped
        String manifest = new String(artifact.manifestBytes(), StandardCharsets.UTF_8);
        assertThat(manifest)
                .contains("\"interactions\"", "\"watermark\" : {", "\"0\" : 4", "\"events\" : 5");
    }

    @Test
    void viewsReadBackFromAVersionDirectory(@TempDir Path dir) throws Exception {
        // A file stream, unlike the in-memory bytes above, fails when read after it was closed.
        ModelArtifact artifact = withViews(views());
        for (Map.Entry<String, byte[]> file : artifact.files().entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
        Files.write(dir.resolve(ArtifactLayout.MANIFEST), artifact.manifestBytes());

        ModelContent content = ModelReader.read(artifact.version(), ArtifactSource.directory(dir));

        assertThat(content.views()).isEqualTo(views());
    }

    @Test
    void sameViewsGiveTheSameBytes() {
        assertThat(withViews(views()).files().get(BatchViewFiles.LISTENERS))
                .isEqualTo(withViews(views()).files().get(BatchViewFiles.LISTENERS));
        assertThat(withViews(views()).manifestBytes())
                .isEqualTo(withViews(views()).manifestBytes());
    }

    @Test
    void aVersionWithoutViewsReadsAsNone() throws Exception {
        ModelContent content = ModelReader.verify(ModelReaderTest.dense());

        assertThat(content.views()).isEqualTo(BatchViews.NONE);
        assertThat(content.manifest().interactions()).isNull();
    }

    @Test
    void viewsThatDoNotAddUpAreRefused() {
        BatchViews good = views();
        InteractionsInfo i = good.info();
        InteractionsInfo moreEvents =
                new InteractionsInfo(
                        i.source(),
                        i.topic(),
                        i.watermark(),
                        i.linesRead(),
                        6,
                        i.duplicates(),
                        i.rejected(),
                        i.beyondWatermark(),
                        i.unpositioned(),
                        i.eventTimeMin(),
                        i.eventTimeMax(),
                        i.listeners(),
                        i.tracks(),
                        i.weights(),
                        i.historySize());
        assertRefused(
                new BatchViews(moreEvents, good.listeners(), good.tracks()), "batch views count");

        List<TrackScore> badScore =
                List.of(
                        good.tracks().get(0),
                        good.tracks().get(1),
                        new TrackScore("id2", 1, 0, 0, 9));
        assertRefused(new BatchViews(i, good.listeners(), badScore), "track id2 score");

        List<ListenerView> unsorted = List.of(good.listeners().get(1), good.listeners().get(0));
        assertRefused(
                new BatchViews(i, unsorted, good.tracks()), "listeners.jsonl.gz is not sorted");

        InteractionsInfo lowerWatermark =
                new InteractionsInfo(
                        i.source(),
                        i.topic(),
                        new Watermark(Map.of(0, 3L, 1, 2L)),
                        i.linesRead(),
                        i.events(),
                        i.duplicates(),
                        i.rejected(),
                        i.beyondWatermark(),
                        i.unpositioned(),
                        i.eventTimeMin(),
                        i.eventTimeMax(),
                        i.listeners(),
                        i.tracks(),
                        i.weights(),
                        i.historySize());
        assertRefused(
                new BatchViews(lowerWatermark, good.listeners(), good.tracks()),
                "listener ann has offset 4");
    }

    @Test
    void aTamperedViewFileIsRefusedByItsChecksum() {
        ModelArtifact artifact = withViews(views());
        Map<String, byte[]> files = new java.util.LinkedHashMap<>(artifact.files());
        byte[] copy = files.get(BatchViewFiles.TRACK_SCORES).clone();
        copy[copy.length - 5] ^= 1;
        files.put(BatchViewFiles.TRACK_SCORES, copy);

        assertThatThrownBy(() -> ModelReader.verify(new ModelArtifact(artifact.manifest(), files)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("track_scores.jsonl.gz");
    }

    private static void assertRefused(BatchViews views, String message) {
        assertThatThrownBy(() -> ModelReader.verify(withViews(views)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(message);
    }
}
