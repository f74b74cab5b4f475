package org.lambdamusic.serving.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.ranking.ArtistIndex;
import org.lambdamusic.serving.model.TestModels;

/** The catalogue's flat indexes against the obvious implementations. */
class CatalogTest {
    private static final String LETTERS = "aábcdeéfgÖöiŁłЖж日 ;&";

    @Test
    void searchEqualsAPlainLowerCaseContainsScanMostPopularFirst() {
        Random random = new Random(11);
        List<CatalogTrack> tracks = new ArrayList<>();
        List<CatalogTrack> unsampled = new ArrayList<>();
        for (int row = 0; row < 3000; row++) {
            Integer popularity = random.nextInt(10) == 0 ? null : random.nextInt(101);
            CatalogTrack t =
                    TestModels.track(row, "id" + row, word(random), word(random), popularity);
            (row < 1000 ? tracks : unsampled).add(t);
        }
        Catalog catalog = new Catalog(tracks, unsampled);
        List<CatalogTrack> all = new ArrayList<>(tracks);
        all.addAll(unsampled);
        for (int trial = 0; trial < 300; trial++) {
            String word = word(random);
            String query = word.substring(0, 1 + random.nextInt(Math.min(3, word.length())));
            if (random.nextBoolean()) {
                query = query.toUpperCase(Locale.ROOT);
            }
            String needle = query.trim().toLowerCase(Locale.ROOT);
            List<String> expected =
                    all.stream()
                            .filter(
                                    t ->
                                            t.trackName().toLowerCase(Locale.ROOT).contains(needle)
                                                    || t.artists()
                                                            .toLowerCase(Locale.ROOT)
                                                            .contains(needle))
                            .sorted(
                                    Comparator.comparingInt(
                                                    (CatalogTrack t) ->
                                                            t.popularity() == null
                                                                    ? -1
                                                                    : t.popularity())
                                            .reversed()
                                            .thenComparingInt(CatalogTrack::row))
                            .map(CatalogTrack::trackId)
                            .toList();
            int offset = random.nextInt(5);
            Catalog.SearchPage page = catalog.search(query, 20, offset);
            assertThat(page.total()).as(query).isEqualTo(expected.size());
            assertThat(page.tracks())
                    .as(query)
                    .extracting(CatalogTrack::trackId)
                    .containsExactlyElementsOf(
                            expected.subList(
                                    Math.min(offset, expected.size()),
                                    Math.min(offset + 20, expected.size())));
            List<String> inMatrix =
                    expected.stream()
                            .filter(id -> Integer.parseInt(id.substring(2)) < 1000)
                            .toList();
            Catalog.SearchPage matrixPage = catalog.search(query, 20, offset, true);
            assertThat(matrixPage.total()).as(query).isEqualTo(inMatrix.size());
            assertThat(matrixPage.tracks())
                    .as(query)
                    .extracting(CatalogTrack::trackId)
                    .containsExactlyElementsOf(
                            inMatrix.subList(
                                    Math.min(offset, inMatrix.size()),
                                    Math.min(offset + 20, inMatrix.size())));
        }
    }

    @Test
    void aQueryNeverMatchesAcrossNameAndArtistsOrAcrossRows() {
        Catalog catalog =
                new Catalog(
                        List.of(
                                TestModels.track(0, "x0", "Alpha", "Beta", 1),
                                TestModels.track(1, "x1", "Gamma", "Delta", 2)),
                        List.of());
        assertThat(catalog.search("alphabeta", 10, 0).total()).isZero();
        assertThat(catalog.search("ha\u0000b", 10, 0).total()).isZero();
        assertThat(catalog.search("tagam", 10, 0).total()).isZero();
        assertThat(catalog.search("  ALPH ", 10, 0).tracks())
                .extracting(CatalogTrack::trackId)
                .containsExactly("x0");
    }

    @Test
    void rowsCoverTheMatrixThenTheCatalogueOutsideTheSample() {
        Catalog catalog =
                new Catalog(
                        List.of(TestModels.track(0, "m0", "In", "A", 1)),
                        List.of(
                                TestModels.track(1, "c1", "Out", "A; B ;", 1),
                                TestModels.track(2, "c2", "Out too", "C", 1)));
        assertThat(catalog.size()).isEqualTo(3);
        assertThat(catalog.matrixRows()).isEqualTo(1);
        assertThat(catalog.rowOf("m0")).isZero();
        assertThat(catalog.rowOf("c2")).isEqualTo(2);
        assertThat(catalog.rowOf("nope")).isEqualTo(-1);
        assertThat(catalog.rowOf(null)).isEqualTo(-1);
        assertThat(catalog.inMatrix(0)).isTrue();
        assertThat(catalog.inMatrix(1)).isFalse();
        // Artists of every row are numbered, split on ';' and trimmed.
        assertThat(catalog.artists().artistCount()).isEqualTo(3);
        int[] ofC1 = catalog.artists().artistIdsOfRows(List.of(1));
        assertThat(ofC1).containsExactly(catalog.artists().idsOf(List.of("A", "B")));
        assertThat(ArtistIndex.names("A; B ;")).containsExactly("A", "B");
    }

    @Test
    void rowsMustBeNumberedConsecutively() {
        assertThatThrownBy(
                        () ->
                                new Catalog(
                                        List.of(TestModels.track(0, "a", "A", "A", 1)),
                                        List.of(TestModels.track(2, "b", "B", "B", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numbered 2");
    }

    private static String word(Random random) {
        StringBuilder word = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
            word.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return word.toString();
    }
}
