package org.lambdamusic.contracts.listener;

import java.util.List;

/**
 * The batch views of a model version: per listener ({@code listeners.jsonl.gz}, sorted by user id)
 * and per track ({@code track_scores.jsonl.gz}, sorted by track id), with what they cover ({@link
 * InteractionsInfo}, the manifest's {@code interactions}).
 *
 * @param info null for a version built before batch views existed ({@link #NONE})
 */
public record BatchViews(
        InteractionsInfo info, List<ListenerView> listeners, List<TrackScore> tracks) {

    /** No views: a version from before they existed, or a test model without them. */
    public static final BatchViews NONE = new BatchViews(null, List.of(), List.of());

    public BatchViews {
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        tracks = tracks == null ? List.of() : List.copyOf(tracks);
    }

    public Watermark watermark() {
        return info == null ? Watermark.NONE : info.watermark();
    }
}
