package org.lambdamusic.localstack.replay;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.localstack.replay.ListenerTaste.MatchedArtist;

/**
 * What a replay sends and how much of the dataset it covers: the figures README.md quotes.
 *
 * @param listeners listeners replayed (all, or the first {@code --users})
 * @param listenersWithEvents those with at least one artist in the catalogue
 * @param artists distinct artists those listeners listened to
 * @param artistsMatched of them, those the catalogue has
 * @param rows user-artist rows of those listeners
 * @param rowsMatched of them, rows of an artist the catalogue has
 * @param listening sum of their listening counts
 * @param listeningMatched of it, the counts of matched rows
 * @param tracksTouched distinct tracks the events are on
 * @param recommendableTouched of them, rows of the served model's matrix
 * @param recommendableEvents events on such a row
 */
public record ReplayFigures(
        Map<InteractionType, Long> eventsByType,
        int listeners,
        int listenersWithEvents,
        int artists,
        int artistsMatched,
        long rows,
        long rowsMatched,
        long listening,
        long listeningMatched,
        int tracksTouched,
        int recommendableTouched,
        long recommendableEvents) {

    public static ReplayFigures of(ReplayPlan plan) {
        Set<Integer> artists = new HashSet<>();
        Set<Integer> artistsMatched = new HashSet<>();
        Set<String> recommendable = new HashSet<>();
        long rows = 0;
        long rowsMatched = 0;
        long listening = 0;
        long listeningMatched = 0;
        int withEvents = 0;
        for (ListenerTaste taste : plan.tastes()) {
            for (ArtistListening row : taste.listened()) {
                artists.add(row.artistId());
                rows++;
                listening += row.weight();
            }
            for (MatchedArtist artist : taste.matched()) {
                artistsMatched.add(artist.artistId());
                rowsMatched++;
                listeningMatched += artist.weight();
                for (ReplayTrack track : artist.tracks()) {
                    if (track.recommendable()) {
                        recommendable.add(track.trackId());
                    }
                }
            }
            if (!taste.matched().isEmpty()) {
                withEvents++;
            }
        }
        Map<InteractionType, Long> byType = new EnumMap<>(InteractionType.class);
        Set<String> touched = new HashSet<>();
        long recommendableEvents = 0;
        for (InteractionEvent event : plan.events()) {
            byType.merge(event.type(), 1L, Long::sum);
            touched.add(event.trackId());
            if (recommendable.contains(event.trackId())) {
                recommendableEvents++;
            }
        }
        int recommendableTouched = (int) touched.stream().filter(recommendable::contains).count();
        return new ReplayFigures(
                Map.copyOf(byType),
                plan.tastes().size(),
                withEvents,
                artists.size(),
                artistsMatched.size(),
                rows,
                rowsMatched,
                listening,
                listeningMatched,
                touched.size(),
                recommendableTouched,
                recommendableEvents);
    }

    public long events() {
        return eventsByType.values().stream().mapToLong(Long::longValue).sum();
    }

    public long events(InteractionType type) {
        return eventsByType.getOrDefault(type, 0L);
    }

    /** One structured line, the same keys in a dry run and after a replay. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "events=%d plays=%d likes=%d listeners=%d listeners_with_events=%d"
                        + " artists_matched=%d/%d rows_matched=%d/%d (%.1f%%)"
                        + " listening_matched=%d/%d (%.1f%%) tracks_touched=%d"
                        + " recommendable_touched=%d recommendable_events=%d",
                events(),
                events(InteractionType.PLAY),
                events(InteractionType.LIKE),
                listeners,
                listenersWithEvents,
                artistsMatched,
                artists,
                rowsMatched,
                rows,
                percent(rowsMatched, rows),
                listeningMatched,
                listening,
                percent(listeningMatched, listening),
                tracksTouched,
                recommendableTouched,
                recommendableEvents);
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
