package org.lambdamusic.localstack.replay;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The key under which a Last.fm artist name and a catalogue artist name meet (the join of {@code
 * ../shared/datasets/lastfm-2k/SOURCE.md}): Unicode NFKC, case folding, trimmed, runs of white
 * space made one space. "Sigur Rós", "SIGUR RÓS" and "Sigur&nbsp; Rós " share a key.
 */
public final class ArtistNames {
    private static final Pattern WHITE_SPACE =
            Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private ArtistNames() {}

    /**
     * The join key of one artist name; empty for a blank name. Case folding is upper then lower
     * case in the root locale: Java has no full case folding, and this gives its results where
     * simple lower-casing does not ("Straße" and "STRASSE" meet; "ΣΊΣΥΦΟΣ" and "Σίσυφος" too).
     */
    public static String key(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFKC);
        s = s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return WHITE_SPACE.matcher(s).replaceAll(" ").strip();
    }

    /**
     * The keys of a catalogue track's {@code artists} (several artists separated by ';'), in order,
     * without blanks or repeats.
     */
    public static List<String> catalogKeys(String artists) {
        Set<String> keys = new LinkedHashSet<>();
        if (artists != null) {
            for (String part : artists.split(";")) {
                String key = key(part);
                if (!key.isEmpty()) {
                    keys.add(key);
                }
            }
        }
        return List.copyOf(keys);
    }
}
