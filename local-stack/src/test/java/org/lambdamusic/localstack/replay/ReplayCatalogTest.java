package org.lambdamusic.localstack.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayCatalogTest {
    private final ReplayCatalog catalog = ReplayFixture.catalog();

    @Test
    void matrixRowsComeFirstThenTheCatalogueByPopularityThenId() {
        // t-sig-1 (50) is a matrix row: before t-sig-2 and t-sig-3 (90 each, by id); t-sig-4 is
        // the fourth of three.
        assertThat(catalog.tracksOf("sigur rós"))
                .containsExactly(
                        new ReplayTrack("t-sig-1", true),
                        new ReplayTrack("t-sig-2", false),
                        new ReplayTrack("t-sig-3", false));
    }

    @Test
    void aTitleTheArtistHasAlreadyIsSkippedAndATrackCountsForEachOfItsArtists() {
        // t-beat-3 is "Let It Be" again; t-beat-2 is also Billy Preston's.
        assertThat(catalog.tracksOf("the beatles"))
                .containsExactly(
                        new ReplayTrack("t-beat-1", true), new ReplayTrack("t-beat-2", true));
        assertThat(catalog.tracksOf("billy preston"))
                .containsExactly(new ReplayTrack("t-beat-2", true));
    }

    @Test
    void aTrackWithoutPopularityIsStillChosenAndAnUnknownArtistHasNone() {
        assertThat(catalog.tracksOf("strasse"))
                .containsExactly(new ReplayTrack("t-strasse", false));
        assertThat(catalog.tracksOf("unknown band")).isEmpty();
        assertThat(catalog.artists()).isEqualTo(4);
    }

    @Test
    void unknownPopularityComesLast() {
        ReplayCatalog two =
                ReplayCatalog.of(
                        List.of(),
                        List.of(
                                ReplayFixture.track(0, "a", "One", "X", null),
                                ReplayFixture.track(1, "b", "Two", "X", 0)),
                        3,
                        ReplayFixture.VERSION);

        assertThat(two.tracksOf("x")).extracting(ReplayTrack::trackId).containsExactly("b", "a");
    }
}
