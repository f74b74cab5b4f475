package org.lambdamusic.serving.profile;

import org.lambdamusic.contracts.listener.ListenerView;

/**
 * A listener as every answer sees them: the served version's batch view plus the speed layer's
 * events after its watermark ({@link org.lambdamusic.contracts.listener.ListenerMerge}), computed
 * against one model.
 *
 * @param view the merged counts, liked/skipped/played tracks and recent history
 * @param batchEvents events the batch view holds (up to the watermark)
 * @param speedEvents events after the watermark, from the speed layer
 * @param gap true when the speed layer dropped events the watermark does not cover yet (its
 *     retention is shorter than the time since the last batch run): counts may be short
 * @param modelGeneration the model it was computed against
 * @param likedArtistIds the liked tracks' artists as that model's sorted ArtistIndex ids
 */
public record Listener(
        ListenerView view,
        long batchEvents,
        int speedEvents,
        boolean gap,
        long modelGeneration,
        int[] likedArtistIds) {

    public String userId() {
        return view.userId();
    }
}
