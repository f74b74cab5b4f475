package org.lambdamusic.speed.trending;

import org.lambdamusic.contracts.interaction.InteractionType;

/** Running plays, likes and skips of one track in one window (the window's aggregate state). */
public class TrackTally {
    public long plays;
    public long likes;
    public long skips;

    public TrackTally() {}

    public TrackTally(long plays, long likes, long skips) {
        this.plays = plays;
        this.likes = likes;
        this.skips = skips;
    }

    public void add(InteractionType type) {
        switch (type) {
            case PLAY -> plays++;
            case LIKE -> likes++;
            case SKIP -> skips++;
        }
    }

    /** Σ weight: play 1, like 3, skip −1 (weights from the contracts' {@link InteractionType}). */
    public long score() {
        return plays * InteractionType.PLAY.weight()
                + likes * InteractionType.LIKE.weight()
                + skips * InteractionType.SKIP.weight();
    }
}
