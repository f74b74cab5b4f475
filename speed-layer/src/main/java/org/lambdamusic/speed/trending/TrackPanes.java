package org.lambdamusic.speed.trending;

import org.lambdamusic.contracts.interaction.InteractionType;

/**
 * One track's tallies per pane (a pane = one slide of event time), only for panes that saw events,
 * oldest first. A sliding window is the sum of its panes, so an event costs one update instead of
 * one per overlapping window (60 with the default 1 h / 1 min). Parallel primitive arrays keep the
 * checkpointed state small for the long tail of tracks played once or twice.
 */
public class TrackPanes {
    public long[] pane = new long[0];
    public long[] plays = new long[0];
    public long[] likes = new long[0];
    public long[] skips = new long[0];

    public TrackPanes() {}

    public void add(long paneIndex, InteractionType type) {
        add(
                paneIndex,
                type == InteractionType.PLAY ? 1 : 0,
                type == InteractionType.LIKE ? 1 : 0,
                type == InteractionType.SKIP ? 1 : 0);
    }

    /** Adds counts to a pane. */
    public void add(long paneIndex, long playCount, long likeCount, long skipCount) {
        int at = indexOf(paneIndex);
        if (at < 0) {
            at = insert(paneIndex);
        }
        plays[at] += playCount;
        likes[at] += likeCount;
        skips[at] += skipCount;
    }

    /** Sums panes {@code [firstPane, lastPane]}; null when they saw nothing. */
    public long[] sum(long firstPane, long lastPane) {
        long p = 0, l = 0, s = 0;
        boolean any = false;
        for (int i = 0; i < pane.length; i++) {
            if (pane[i] >= firstPane && pane[i] <= lastPane) {
                p += plays[i];
                l += likes[i];
                s += skips[i];
                any = true;
            }
        }
        return any ? new long[] {p, l, s} : null;
    }

    /** Drops panes before {@code firstPane}; true when nothing is left. */
    public boolean dropBefore(long firstPane) {
        int keep = 0;
        while (keep < pane.length && pane[keep] < firstPane) {
            keep++;
        }
        if (keep > 0) {
            pane = java.util.Arrays.copyOfRange(pane, keep, pane.length);
            plays = java.util.Arrays.copyOfRange(plays, keep, plays.length);
            likes = java.util.Arrays.copyOfRange(likes, keep, likes.length);
            skips = java.util.Arrays.copyOfRange(skips, keep, skips.length);
        }
        return pane.length == 0;
    }

    public long newestPane() {
        return pane.length == 0 ? Long.MIN_VALUE : pane[pane.length - 1];
    }

    private int indexOf(long paneIndex) {
        // Events mostly arrive in time order: look from the newest pane backwards.
        for (int i = pane.length - 1; i >= 0; i--) {
            if (pane[i] == paneIndex) {
                return i;
            }
            if (pane[i] < paneIndex) {
                return -1;
            }
        }
        return -1;
    }

    private int insert(long paneIndex) {
        int at = pane.length;
        while (at > 0 && pane[at - 1] > paneIndex) {
            at--;
        }
        pane = insertAt(pane, at, paneIndex);
        plays = insertAt(plays, at, 0);
        likes = insertAt(likes, at, 0);
        skips = insertAt(skips, at, 0);
        return at;
    }

    private static long[] insertAt(long[] array, int at, long value) {
        long[] out = new long[array.length + 1];
        System.arraycopy(array, 0, out, 0, at);
        out[at] = value;
        System.arraycopy(array, at, out, at + 1, array.length - at);
        return out;
    }
}
