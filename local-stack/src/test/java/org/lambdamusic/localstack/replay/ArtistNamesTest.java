package org.lambdamusic.localstack.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArtistNamesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Sigur Rós|sigur rós",
                "SIGUR RÓS|sigur rós",
                // decomposed ó (o + combining acute): NFKC composes it
                "Sigur Ro\u0301s|sigur rós",
                // no-break space, tab and a run of spaces become one space; ends trimmed
                "'  Sigur\u00a0 \tRós  '|sigur rós",
                // full-width letters (compatibility forms): NFKC maps them to ASCII
                "ＡＢＢＡ|abba",
                // case folding, not lower-casing: ß folds to ss, final sigma to sigma
                "Straße|strasse",
                "STRASSE|strasse"
            })
    void aNameAndItsVariantsShareOneKey(String name, String key) {
        assertThat(ArtistNames.key(name)).isEqualTo(key);
    }

    @Test
    void greekCapitalsMeetTheirLowerCaseWithFinalSigma() {
        assertThat(ArtistNames.key("ΣΊΣΥΦΟΣ")).isEqualTo(ArtistNames.key("Σίσυφος"));
    }

    @Test
    void aBlankNameHasAnEmptyKey() {
        assertThat(ArtistNames.key(" \u00a0\t")).isEmpty();
    }

    @Test
    void catalogueArtistsAreSplitOnSemicolonsWithoutBlanksOrRepeats() {
        assertThat(ArtistNames.catalogKeys("The Beatles;Billy Preston; ;THE BEATLES ;"))
                .containsExactly("the beatles", "billy preston");
        assertThat(ArtistNames.catalogKeys(null)).isEmpty();
    }
}
