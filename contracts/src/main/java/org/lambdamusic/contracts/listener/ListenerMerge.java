package org.lambdamusic.contracts.listener;

import java.util.HashSet;
import java.util.Set;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;

/**
 * The Lambda merge for one listener: the batch view (events up to the served version's watermark)
 * plus the speed layer's events after it, folded by the same {@link ListenerFold}. Speed events at
 * or below the watermark are skipped because the batch view already holds them, so an event is
 * counted once whichever side holds it, and a version with a newer watermark takes over the speed
 * events it covers at the moment the serving layer swaps it in.
 *
 * <p>A speed event whose id is in the batch view's recent history is skipped too: a client that
 * retries with its own event_id can store one interaction at two offsets, and when the watermark
 * falls between them a speed layer started after the watermark (a reset, a fresh cluster) holds the
 * later copy without knowing the first. Retries come seconds apart, so the first copy is among the
 * listener's newest events at the watermark, which the recent history keeps.
 */
public final class ListenerMerge {
    private ListenerMerge() {}

    /**
     * @param view the merged listener
     * @param speedEvents how many speed events were folded in (those after the watermark)
     * @param gap true when the speed layer no longer holds some events after the watermark (its
     *     retention dropped them before a batch run covered them): counts may be short
     */
    public record Merged(ListenerView view, int speedEvents, boolean gap) {}

    /**
     * @param batch the batch view, or null when the version has none for this listener
     * @param speed the speed view, or null when the speed layer has none
     * @param watermark the watermark of the version {@code batch} comes from
     * @return null when neither side knows the listener
     */
    public static Merged merge(
            String userId,
            ListenerView batch,
            UserProfileView speed,
            Watermark watermark,
            int historySize) {
        if (batch == null && speed == null) {
            return null;
        }
        if (speed == null) {
            return new Merged(batch, 0, false);
        }
        long covered = watermark.of(speed.partition());
        ListenerFold fold =
                new ListenerFold(
                        batch != null ? batch : ListenerView.empty(userId, speed.partition()),
                        historySize);
        Set<String> batchRecent = new HashSet<>();
        if (batch != null) {
            batch.recent().forEach(e -> batchRecent.add(e.eventId()));
        }
        int folded = 0;
        for (RecentInteraction event : speed.events()) {
            if (event.offset() > covered
                    && event.offset() > fold.lastOffset()
                    && !batchRecent.contains(event.eventId())) {
                fold.apply(event);
                folded++;
            }
        }
        return new Merged(fold.view(), folded, speed.logFloor() > covered);
    }
}
