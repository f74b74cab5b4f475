package org.lambdamusic.localstack.replay;

import java.util.List;

/**
 * One Last.fm listener as a replay sees them: every artist row they have in the dataset, and those
 * whose artist the catalogue has, with the tracks chosen for it.
 *
 * @param datasetUserId the dataset's listener id
 * @param listened the listener's rows of {@code user_artists.dat}
 * @param matched the rows whose artist has catalogue tracks, heaviest first (weight descending,
 *     then artist id)
 */
public record ListenerTaste(
        int datasetUserId, List<ArtistListening> listened, List<MatchedArtist> matched) {

    public ListenerTaste {
        listened = List.copyOf(listened);
        matched = List.copyOf(matched);
    }

    /**
     * A listened artist the catalogue has.
     *
     * @param tracks its catalogue tracks, best first ({@link ReplayCatalog}), never empty
     */
    public record MatchedArtist(int artistId, long weight, List<ReplayTrack> tracks) {
        public MatchedArtist {
            tracks = List.copyOf(tracks);
            if (tracks.isEmpty()) {
                throw new IllegalArgumentException("a matched artist has tracks");
            }
        }
    }
}
