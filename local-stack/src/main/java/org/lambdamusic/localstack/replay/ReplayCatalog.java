package org.lambdamusic.localstack.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.ModelContent;

/**
 * The tracks of each catalogue artist that a replayed listener of that artist hears, best first:
 * the served model's matrix rows by Spotify popularity (descending, unknown last) then track id,
 * then the other clean catalogue tracks in the same order. A track counts for every artist of its
 * {@code artists} (split on ';'). A song title an artist already has (the same song on another
 * album, compared by {@link ArtistNames#key}) is skipped, so plays spread over different songs.
 */
public final class ReplayCatalog {
    private static final Comparator<CatalogTrack> BEST_FIRST =
            Comparator.comparingInt((CatalogTrack t) -> popularity(t))
                    .reversed()
                    .thenComparing(CatalogTrack::trackId);

    private final Map<String, List<ReplayTrack>> byArtist;
    private final String version;

    private ReplayCatalog(Map<String, List<ReplayTrack>> byArtist, String version) {
        this.byArtist = byArtist;
        this.version = version;
    }

    /** The catalogue of a served model version: its matrix rows, then its other clean tracks. */
    public static ReplayCatalog of(ModelContent model, int tracksPerArtist) {
        return of(model.tracks(), model.unsampled(), tracksPerArtist, model.manifest().version());
    }

    /**
     * @param recommendable the matrix rows
     * @param others clean catalogue tracks outside the matrix
     * @param tracksPerArtist how many tracks of each artist are kept
     */
    public static ReplayCatalog of(
            List<CatalogTrack> recommendable,
            List<CatalogTrack> others,
            int tracksPerArtist,
            String version) {
        if (tracksPerArtist < 1) {
            throw new IllegalArgumentException("tracksPerArtist must be at least 1");
        }
        Map<String, List<CatalogTrack>> preferred = byArtist(recommendable);
        Map<String, List<CatalogTrack>> fallback = byArtist(others);
        Set<String> artists = new HashSet<>(preferred.keySet());
        artists.addAll(fallback.keySet());
        Map<String, List<ReplayTrack>> chosen = new HashMap<>(artists.size() * 2);
        for (String artist : artists) {
            List<ReplayTrack> tracks = new ArrayList<>(tracksPerArtist);
            Set<String> titles = new HashSet<>();
            pick(preferred.get(artist), true, tracks, titles, tracksPerArtist);
            pick(fallback.get(artist), false, tracks, titles, tracksPerArtist);
            chosen.put(artist, List.copyOf(tracks));
        }
        return new ReplayCatalog(chosen, version);
    }

    private static Map<String, List<CatalogTrack>> byArtist(List<CatalogTrack> tracks) {
        Map<String, List<CatalogTrack>> index = new HashMap<>();
        for (CatalogTrack track : tracks) {
            for (String artist : ArtistNames.catalogKeys(track.artists())) {
                index.computeIfAbsent(artist, a -> new ArrayList<>()).add(track);
            }
        }
        return index;
    }

    private static void pick(
            List<CatalogTrack> candidates,
            boolean recommendable,
            List<ReplayTrack> into,
            Set<String> titles,
            int limit) {
        if (candidates == null) {
            return;
        }
        List<CatalogTrack> sorted = new ArrayList<>(candidates);
        sorted.sort(BEST_FIRST);
        for (CatalogTrack track : sorted) {
            if (into.size() >= limit) {
                return;
            }
            String title = track.trackName() == null ? "" : ArtistNames.key(track.trackName());
            if (titles.add(title)) {
                into.add(new ReplayTrack(track.trackId(), recommendable));
            }
        }
    }

    private static int popularity(CatalogTrack track) {
        return track.popularity() == null ? -1 : track.popularity();
    }

    /** The tracks of the artist with this {@link ArtistNames#key}, best first; empty if none. */
    public List<ReplayTrack> tracksOf(String artistKey) {
        return byArtist.getOrDefault(artistKey, List.of());
    }

    /** How many catalogue artists there are. */
    public int artists() {
        return byArtist.size();
    }

    /** The model version the catalogue is from. */
    public String version() {
        return version;
    }
}
