package org.lambdamusic.localstack.replay;

import java.time.Duration;
import java.time.Instant;

/**
 * The modelling choices that turn an artist-level listening count into track events (README,
 * "Replaying real listeners"). The dataset says how often a listener played an artist, nothing
 * about tracks, likes or times; these rules say what a replay makes of it.
 *
 * @param base event time of every listener's first event
 * @param spacing time between two consecutive events of one listener (about one song)
 * @param maxPlaysPerArtist cap of the plays of one artist: one play per decade of listening count
 *     (1-9 plays: 1, 10-99: 2, ...), at most this many
 * @param tracksPerArtist how many of an artist's tracks the plays go round
 * @param likeShareDivisor the listener's heaviest 1/this of matched artists get a like (at least
 *     one artist)
 * @param maxSpan the longest a listener's events may span: below the speed layer's log retention
 *     ({@code SPEED_LOG_RETENTION}, 48 h, measured from the listener's newest event), so none of a
 *     listener's replayed events is pruned from the speed view
 */
public record ReplayRules(
        Instant base,
        Duration spacing,
        int maxPlaysPerArtist,
        int tracksPerArtist,
        int likeShareDivisor,
        Duration maxSpan) {

    /**
     * 2011-05-01T00:00:00Z: the month HetRec 2011 published the counts. A fixed base, not the time
     * of the replay, so a second replay sends byte-identical events; and a time in the past, so no
     * layer refuses it (the speed layer refuses events more than 5 minutes ahead of its clock).
     */
    public static final Instant BASE = Instant.parse("2011-05-01T00:00:00Z");

    public static final ReplayRules DEFAULT =
            new ReplayRules(BASE, Duration.ofMinutes(4), 5, 3, 5, Duration.ofHours(24));

    public ReplayRules {
        if (spacing.isNegative() || spacing.isZero()) {
            throw new IllegalArgumentException("spacing must be positive");
        }
        if (maxPlaysPerArtist < 1 || tracksPerArtist < 1 || likeShareDivisor < 1) {
            throw new IllegalArgumentException("plays, tracks and like share must be at least 1");
        }
    }

    /** Plays of an artist listened {@code weight} times: its number of decimal digits, capped. */
    public int plays(long weight) {
        return Math.min(maxPlaysPerArtist, Long.toString(Math.max(0, weight)).length());
    }

    /** How many of a listener's {@code matched} artists get a like: the top share, at least one. */
    public int likedArtists(int matched) {
        return matched == 0 ? 0 : Math.max(1, (matched + likeShareDivisor - 1) / likeShareDivisor);
    }
}
