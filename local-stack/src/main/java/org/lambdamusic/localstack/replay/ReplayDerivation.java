package org.lambdamusic.localstack.replay;

import java.util.ArrayList;
import java.util.List;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.interaction.ReplayedListeners;
import org.lambdamusic.localstack.replay.ListenerTaste.MatchedArtist;

/**
 * One listener's events under the {@link ReplayRules}: their matched artists heaviest first; for
 * each, its plays ({@link ReplayRules#plays}) going round its first tracks, then a like of its
 * first track when it is one of the listener's liked artists ({@link ReplayRules#likedArtists}).
 * The listener's k-th event (from 0) is at {@code base + k * spacing}.
 *
 * <p>Event ids are stable, so a second replay is a redelivery both layers drop: {@code
 * lastfm:<user>:<artist>:play:<j>} for the j-th play of an artist, {@code
 * lastfm:<user>:<artist>:like} for its like (letters, digits and ':', 8 to 64 characters, as an
 * interaction's client-chosen id).
 */
public final class ReplayDerivation {
    private final ReplayRules rules;

    public ReplayDerivation(ReplayRules rules) {
        this.rules = rules;
    }

    public List<InteractionEvent> events(ListenerTaste taste) {
        List<MatchedArtist> artists = taste.matched();
        int liked = rules.likedArtists(artists.size());
        String user = ReplayedListeners.userId(taste.datasetUserId());
        String idPrefix = "lastfm:" + taste.datasetUserId() + ":";
        long base = rules.base().toEpochMilli();
        long spacing = rules.spacing().toMillis();
        List<InteractionEvent> events = new ArrayList<>();
        for (int rank = 0; rank < artists.size(); rank++) {
            MatchedArtist artist = artists.get(rank);
            List<ReplayTrack> tracks = artist.tracks();
            String artistPrefix = idPrefix + artist.artistId() + ":";
            int plays = rules.plays(artist.weight());
            for (int j = 0; j < plays; j++) {
                events.add(
                        new InteractionEvent(
                                artistPrefix + "play:" + j,
                                user,
                                tracks.get(j % tracks.size()).trackId(),
                                InteractionType.PLAY,
                                base + events.size() * spacing));
            }
            if (rank < liked) {
                events.add(
                        new InteractionEvent(
                                artistPrefix + "like",
                                user,
                                tracks.get(0).trackId(),
                                InteractionType.LIKE,
                                base + events.size() * spacing));
            }
        }
        if (!events.isEmpty()
                && events.get(events.size() - 1).timestamp() - base > rules.maxSpan().toMillis()) {
            throw new IllegalStateException(
                    "listener "
                            + taste.datasetUserId()
                            + "'s "
                            + events.size()
                            + " events span more than "
                            + rules.maxSpan()
                            + ": the speed layer would prune the oldest");
        }
        return events;
    }
}
