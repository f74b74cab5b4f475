package org.lambdamusic.serving.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.serving.catalog.Track;

class TracksTableTest {
    private static final String FEATURES = ",0.5,0.6,1,-6.7,0,0.1,0.2,0.0,0.3,0.4,120.5";

    private static byte[] gz(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void readsQuotedFieldsWithCommasQuotesAndEmptyOptionals() throws Exception {
        String csv =
                ArtifactLayout.TRACKS_HEADER
                        + "\n"
                        + "0,id0,\"Hello, \"\"World\"\"\",A;B,Album,pop,73"
                        + FEATURES
                        + "\n"
                        + "1,id1,Plain,C,,,"
                        + FEATURES
                        + "\n";
        var tracks = TracksTable.read(new ByteArrayInputStream(gz(csv)));
        assertThat(tracks).hasSize(2);
        Track first = tracks.get(0);
        assertThat(first.trackName()).isEqualTo("Hello, \"World\"");
        assertThat(first.artistNames()).containsExactly("A", "B");
        assertThat(first.popularity()).isEqualTo(73);
        assertThat(first.features()[10]).isEqualTo(120.5);
        assertThat(tracks.get(1).popularity()).isNull();
        assertThat(tracks.get(1).albumName()).isEmpty();
    }

    @Test
    void refusesAWrongHeaderOrRowNumbering() throws Exception {
        assertThatThrownBy(() -> TracksTable.read(new ByteArrayInputStream(gz("row,track_id\n"))))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("header");
        String csv = ArtifactLayout.TRACKS_HEADER + "\n" + "5,id0,N,A,Al,g,1" + FEATURES + "\n";
        assertThatThrownBy(() -> TracksTable.read(new ByteArrayInputStream(gz(csv))))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("numbered 5");
    }
}
