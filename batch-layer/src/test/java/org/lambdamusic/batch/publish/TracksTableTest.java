package org.lambdamusic.batch.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.lambdamusic.batch.catalog.Track;
import org.lambdamusic.contracts.model.ArtifactLayout;

class TracksTableTest {
    private static final double[] FEATURES = {
        0.676, 0.461, 1, -6.746, 0, 0.143, 0.0322, 1.01e-06, 0.358, 0.715, 87.917
    };

    @Test
    void writesHeaderRowNumbersAndRfc4180Quoting() throws IOException {
        List<Track> tracks =
                List.of(
                        new Track(
                                0,
                                "id0",
                                "Comedy",
                                "Gen Hoshino",
                                "Comedy",
                                "acoustic",
                                73,
                                FEATURES),
                        new Track(
                                5, "id1", "Hello, \"World\"", "A;B", null, "pop", null, FEATURES));
        String csv = gunzip(TracksTable.write(tracks));
        assertThat(csv.split("\n"))
                .containsExactly(
                        ArtifactLayout.TRACKS_HEADER,
                        "0,id0,Comedy,Gen Hoshino,Comedy,acoustic,73,0.676,0.461,1,-6.746,0,0.143,0.0322,1.01E-6,0.358,0.715,87.917",
                        "1,id1,\"Hello, \"\"World\"\"\",A;B,,pop,,0.676,0.461,1,-6.746,0,0.143,0.0322,1.01E-6,0.358,0.715,87.917");
    }

    @Test
    void sameTracksGiveTheSameBytesWithNoTimestamp() {
        List<Track> tracks = List.of(new Track(0, "id0", "n", "a", "al", "g", 1, FEATURES));
        byte[] first = TracksTable.write(tracks);
        byte[] second = TracksTable.write(tracks);
        assertThat(first).isEqualTo(second);
        // gzip header bytes 4-7 are the mtime: zero.
        assertThat(new byte[] {first[4], first[5], first[6], first[7]}).containsOnly(0);
    }

    private static String gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
