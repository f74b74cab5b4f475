package org.lambdamusic.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class TracksTableTest {
    static final double[] FEATURES = {0.5, 0.25, 5, -6.5, 1, 0.03, 0.1, 0, 0.12, 0.9, 120.004};

    static CatalogTrack track(int row, String id, String name, String artists, Integer pop) {
        return new CatalogTrack(row, id, name, artists, "Album", "pop", pop, FEATURES.clone());
    }

    @Test
    void writesTheContractHeaderAndQuotesOnlyWhereNeeded() throws IOException {
        byte[] gz =
                TracksTable.write(
                        List.of(
                                track(0, "a1", "Plain", "Coldplay", 80),
                                track(1, "b2", "Hello, \"World\"", "X;Y", null),
                                track(2, "c3", "Two\nlines", "Z", 0)));

        String text = gunzip(gz);

        assertThat(text)
                .startsWith(ArtifactLayout.TRACKS_HEADER + "\n")
                .contains(
                        "\n0,a1,Plain,Coldplay,Album,pop,80,0.5,0.25,5,-6.5,1,0.03,0.1,0,0.12,0.9,120.004\n")
                .contains("\n1,b2,\"Hello, \"\"World\"\"\",X;Y,Album,pop,,0.5,")
                .contains("\n2,c3,\"Two\nlines\",Z,");
        assertThat(text).endsWith("\n").doesNotContain("\r");
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        List<CatalogTrack> tracks =
                List.of(
                        track(7, "a1", "Hello, \"World\"", "X;Y", null),
                        track(8, "b2", "Two\nlines", "Z", 42));

        List<CatalogTrack> read =
                TracksTable.read(new ByteArrayInputStream(TracksTable.write(tracks)), 7, "t");

        assertThat(read).hasSize(2);
        assertThat(read.get(0).trackName()).isEqualTo("Hello, \"World\"");
        assertThat(read.get(0).popularity()).isNull();
        assertThat(read.get(1).row()).isEqualTo(8);
        assertThat(read.get(1).trackName()).isEqualTo("Two\nlines");
        assertThat(read.get(1).popularity()).isEqualTo(42);
        assertThat(read.get(1).features()).containsExactly(FEATURES);
    }

    @Test
    void sameTracksGiveTheSameBytes() {
        List<CatalogTrack> tracks = List.of(track(0, "a", "A", "B", 1));
        assertThat(TracksTable.write(tracks)).isEqualTo(TracksTable.write(tracks));
    }

    @Test
    void refusesGapsInRowNumbers() {
        assertThatThrownBy(
                        () ->
                                TracksTable.write(
                                        List.of(
                                                track(0, "a", "A", "B", 1),
                                                track(2, "b", "B", "C", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 1");
    }

    @Test
    void refusesRowsNumberedOtherwise() {
        byte[] gz = TracksTable.write(List.of(track(3, "a", "A", "B", 1)));
        assertThatThrownBy(
                        () -> TracksTable.read(new ByteArrayInputStream(gz), 0, "catalog.csv.gz"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("catalog.csv.gz row 0 is numbered 3");
    }

    @Test
    void refusesAWrongHeaderShortRowsAndBadNumbers() throws IOException {
        assertRefused("row,track_id\n0,a\n", "t header is not the contract's");
        assertRefused(
                ArtifactLayout.TRACKS_HEADER + "\n0,a,n,ar,al,g,1,0.5\n",
                "t row 0 has 8 fields, expected 18");
        assertRefused(
                ArtifactLayout.TRACKS_HEADER + "\n0,a,n,ar,al,g,1,x,1,1,1,1,1,1,1,1,1,1\n",
                "t row 0 has a malformed number");
        assertRefused(
                ArtifactLayout.TRACKS_HEADER + "\n0,a,n,ar,al,g,1,NaN,1,1,1,1,1,1,1,1,1,1\n",
                "t row 0 has a non-finite danceability");
        assertThatThrownBy(
                        () ->
                                TracksTable.read(
                                        new ByteArrayInputStream("not gzip".getBytes()), 0, "t"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("t is unreadable");
    }

    private static void assertRefused(String csv, String message) throws IOException {
        byte[] gz = gzip(csv);
        assertThatThrownBy(() -> TracksTable.read(new ByteArrayInputStream(gz), 0, "t"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(message);
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static String gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
