package org.lambdamusic.localstack.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lambdamusic.localstack.replay.ListenerTaste.MatchedArtist;

/** Joins the dataset's listeners to the catalogue by artist name ({@link ArtistNames#key}). */
public final class ListenerTastes {
    private static final Comparator<MatchedArtist> HEAVIEST_FIRST =
            Comparator.comparingLong(MatchedArtist::weight)
                    .reversed()
                    .thenComparingInt(MatchedArtist::artistId);

    private ListenerTastes() {}

    /**
     * The dataset's listeners in id order, at most {@code limit} of them, each with the artists the
     * catalogue has.
     */
    public static List<ListenerTaste> match(
            LastfmDataset dataset, ReplayCatalog catalog, int limit) {
        Map<Integer, List<ArtistListening>> byListener = new TreeMap<>();
        for (ArtistListening row : dataset.listening()) {
            byListener.computeIfAbsent(row.userId(), u -> new ArrayList<>()).add(row);
        }
        Map<Integer, List<ReplayTrack>> tracksByArtist = new HashMap<>();
        List<ListenerTaste> tastes = new ArrayList<>();
        for (Map.Entry<Integer, List<ArtistListening>> listener : byListener.entrySet()) {
            if (tastes.size() >= limit) {
                break;
            }
            List<MatchedArtist> matched = new ArrayList<>();
            for (ArtistListening row : listener.getValue()) {
                List<ReplayTrack> tracks =
                        tracksByArtist.computeIfAbsent(
                                row.artistId(),
                                a ->
                                        catalog.tracksOf(
                                                ArtistNames.key(dataset.artistNames().get(a))));
                if (!tracks.isEmpty()) {
                    matched.add(new MatchedArtist(row.artistId(), row.weight(), tracks));
                }
            }
            matched.sort(HEAVIEST_FIRST);
            tastes.add(new ListenerTaste(listener.getKey(), listener.getValue(), matched));
        }
        return tastes;
    }
}
