package org.lambdamusic.serving.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.serving.model.TestModels;

/**
 * The n-gram-indexed search (exact lists up to three characters, trigram candidates checked beyond)
 * against a brute-force filter: same total, same order, same page, on a random catalogue.
 */
class NgramSearchTest {
    /** ASCII, Latin-1, Latin Extended, Cyrillic, CJK, a surrogate pair, separators. */
    private static final String[] PIECES = {
        "a",
        "b",
        "c",
        "e",
        "l",
        "o",
        "v",
        "t",
        "h",
        " ",
        ";",
        "&",
        "á",
        "é",
        "Ö",
        "ö",
        "ß",
        "Ł",
        "ł",
        "Ж",
        "ж",
        "日",
        "本",
        "\uD83C\uDFB5",
        "LO",
        "The",
        "ove"
    };

    private static final int MATRIX_ROWS = 1500;

    @Test
    void indexedSearchEqualsABruteForceSubstringFilter() {
        Random random = new Random(2026);
        List<CatalogTrack> tracks = new ArrayList<>();
        List<CatalogTrack> unsampled = new ArrayList<>();
        for (int row = 0; row < 4000; row++) {
            Integer popularity = random.nextInt(12) == 0 ? null : random.nextInt(101);
            // Every artist string holds "Ensemble", so a query for it matches every track.
            String artists = text(random, 6) + " Ensemble;" + text(random, 4);
            CatalogTrack t =
                    TestModels.track(row, "id" + row, text(random, 12), artists, popularity);
            (row < MATRIX_ROWS ? tracks : unsampled).add(t);
        }
        Catalog catalog = new Catalog(tracks, unsampled);
        List<CatalogTrack> all = new ArrayList<>(tracks);
        all.addAll(unsampled);
        all.sort(
                Comparator.comparingInt(
                                (CatalogTrack t) -> t.popularity() == null ? -1 : t.popularity())
                        .reversed()
                        .thenComparingInt(CatalogTrack::row));

        List<String> queries =
                new ArrayList<>(
                        List.of(
                                "",
                                "  ",
                                "ensemble",
                                "ENSEMBLE",
                                " Ensem ",
                                "ens",
                                "ble",
                                "e",
                                "zzz",
                                "qqqq",
                                "xyzzy",
                                "日本",
                                "ove",
                                "love",
                                "the",
                                "ß",
                                "\uD83C\uDFB5",
                                "ble;",
                                "e;",
                                ";"));
        for (int i = 0; i < 600; i++) {
            CatalogTrack t = all.get(random.nextInt(all.size()));
            String source = random.nextBoolean() ? t.trackName() : t.artists();
            int from = random.nextInt(source.length());
            int to = Math.min(source.length(), from + 1 + random.nextInt(9));
            String query = source.substring(from, to);
            switch (random.nextInt(4)) {
                case 0 -> query = query.toUpperCase(Locale.ROOT);
                case 1 -> query = text(random, 5); // mostly no match
                default -> {}
            }
            queries.add(query);
        }
        int nonEmpty = 0;
        int indexed = 0;
        for (String query : queries) {
            for (boolean matrixOnly : new boolean[] {false, true}) {
                String needle = lowerCase(query.trim());
                List<String> expected =
                        all.stream()
                                .filter(t -> !matrixOnly || t.row() < MATRIX_ROWS)
                                .filter(
                                        t ->
                                                lowerCase(t.trackName()).contains(needle)
                                                        || lowerCase(t.artists()).contains(needle))
                                .map(CatalogTrack::trackId)
                                .toList();
                int limit = 1 + random.nextInt(100);
                int offset =
                        random.nextInt(4) == 0
                                ? random.nextInt(expected.size() + 30)
                                : random.nextInt(5);
                Catalog.SearchPage page = catalog.search(query, limit, offset, matrixOnly);
                String what = "'" + query + "' matrixOnly=" + matrixOnly + " offset=" + offset;
                assertThat(page.total()).as(what).isEqualTo(expected.size());
                assertThat(page.tracks())
                        .as(what)
                        .extracting(CatalogTrack::trackId)
                        .containsExactlyElementsOf(
                                expected.subList(
                                        Math.min(offset, expected.size()),
                                        Math.min(offset + limit, expected.size())));
                nonEmpty += expected.isEmpty() ? 0 : 1;
                indexed += needle.length() >= 3 ? 1 : 0;
            }
        }
        // The random queries cover matches, misses and the indexed path.
        assertThat(nonEmpty).isGreaterThan(400);
        assertThat(indexed).isGreaterThan(400);
        assertThat(catalog.search("ensemble", 5, 0).total()).isEqualTo(4000);
        assertThat(catalog.search("ENSEMBLE", 5, 3990).tracks()).hasSize(5);
        assertThat(catalog.search("xyzzy", 5, 0).total()).isZero();
    }

    @Test
    void anNgramThatRepeatsInARowListsItOnce() {
        Catalog catalog =
                new Catalog(
                        List.of(
                                TestModels.track(0, "x0", "aaaaaa", "aaa", 5),
                                TestModels.track(1, "x1", "baaa", "b", 7)),
                        List.of(TestModels.track(2, "x2", "aab", "aa", 9)));
        assertThat(catalog.search("aaa", 10, 0).tracks())
                .extracting(CatalogTrack::trackId)
                .containsExactly("x1", "x0");
        assertThat(catalog.search("aaaa", 10, 0).tracks())
                .extracting(CatalogTrack::trackId)
                .containsExactly("x0");
        assertThat(catalog.search("aaa", 10, 1).total()).isEqualTo(2);
        assertThat(catalog.search("aaa", 10, 5).tracks()).isEmpty();
        assertThat(catalog.search("aaa", 10, Integer.MAX_VALUE).tracks()).isEmpty();
        assertThat(catalog.search("aab", 10, 0, true).total()).isZero();
        // Across name and artists, or across rows, never matches.
        assertThat(catalog.search("aaab", 10, 0).total()).isZero();
        assertThat(catalog.search("abaa", 10, 0).total()).isZero();
    }

    /** The documented semantics: each UTF-16 char lower-cased on its own. */
    private static String lowerCase(String s) {
        StringBuilder lower = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            lower.append(Character.toLowerCase(s.charAt(i)));
        }
        return lower.toString();
    }

    private static String text(Random random, int maxPieces) {
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(maxPieces); i < n; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }
}
