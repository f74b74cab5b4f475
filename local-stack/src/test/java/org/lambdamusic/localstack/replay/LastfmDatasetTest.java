package org.lambdamusic.localstack.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastfmDatasetTest {
    private static final String ARTISTS_HEADER = "id\tname\turl\tpictureURL\n";
    private static final String LISTENING_HEADER = "userID\tartistID\tweight\n";

    @TempDir Path dir;

    @Test
    void readsNamesAsUtf8AndRowsInFileOrder() {
        LastfmDataset data = ReplayFixture.dataset();

        assertThat(data.artistNames())
                .hasSize(4)
                .containsEntry(1, "Sigur Rós")
                .containsEntry(2, "  the  BEATLES ")
                .containsEntry(4, "Straße");
        assertThat(data.listening())
                .containsExactly(
                        new ArtistListening(2, 3, 99999),
                        new ArtistListening(2, 1, 1234),
                        new ArtistListening(2, 2, 56),
                        new ArtistListening(3, 3, 500),
                        new ArtistListening(5, 4, 7));
    }

    @Test
    void quotesInANameAreKeptAsTheyAre() throws Exception {
        write(
                ARTISTS_HEADER + "7\tRoyce da 5'9\"\tu\tp\n8\t\"Weird Al\" Yankovic\tu\t\n",
                LISTENING_HEADER + "1\t7\t3\n");

        assertThat(LastfmDataset.read(dir).artistNames())
                .containsEntry(7, "Royce da 5'9\"")
                .containsEntry(8, "\"Weird Al\" Yankovic");
    }

    @Test
    void aLineWithTheWrongNumberOfFieldsIsRefusedWithItsLine() throws Exception {
        write(ARTISTS_HEADER + "1\tA\tu\tp\n2\tB\tu\n", LISTENING_HEADER);

        assertThatThrownBy(() -> LastfmDataset.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("artists.dat line 3: 3 fields, expected 4");
    }

    @Test
    void anUnknownArtistOrABadCountIsRefused() throws Exception {
        write(ARTISTS_HEADER + "1\tA\tu\tp\n", LISTENING_HEADER + "2\t9\t5\n");
        assertThatThrownBy(() -> LastfmDataset.read(dir))
                .hasMessage("user_artists.dat line 2: artist 9 is not in artists.dat");

        write(ARTISTS_HEADER + "1\tA\tu\tp\n", LISTENING_HEADER + "2\t1\t-5\n");
        assertThatThrownBy(() -> LastfmDataset.read(dir))
                .hasMessage("user_artists.dat line 2: '-5' is not a non-negative integer");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() throws Exception {
        Files.write(
                dir.resolve("artists.dat"),
                (ARTISTS_HEADER + "1\tSigur R\u00f3s\tu\tp\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("user_artists.dat"), LISTENING_HEADER);

        assertThatThrownBy(() -> LastfmDataset.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("artists.dat is not UTF-8 text");
    }

    @Test
    void aMissingFileNamesTheOption() {
        assertThatThrownBy(() -> LastfmDataset.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no artists.dat in " + dir + " (--dataset)");
    }

    private void write(String artists, String listening) throws Exception {
        Files.writeString(dir.resolve("artists.dat"), artists);
        Files.writeString(dir.resolve("user_artists.dat"), listening);
    }
}
