package org.lambdamusic.batch.evaluation;

import org.lambdamusic.contracts.listener.ListenerView;

/**
 * An evaluated listener: the part of their view the rankings may see, and what was held out.
 *
 * @param kept the listener's view without the held-out tracks (what the serving layer would hold of
 *     a listener who had listened only to this)
 * @param keptPositive catalogue rows of the kept tracks with a positive rating, in the order the
 *     view keeps them (first played, then liked without a play)
 * @param seedRow the last recommendable row of {@code keptPositive}: the seed of the "similar to a
 *     track" rankings; -1 when there is none
 */
record HoldoutListener(ListenerView kept, HeldOut heldOut, int[] keptPositive, int seedRow) {
    String userId() {
        return kept.userId();
    }
}
