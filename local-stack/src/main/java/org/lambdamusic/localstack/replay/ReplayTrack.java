package org.lambdamusic.localstack.replay;

/**
 * A catalogue track a replayed listener may hear.
 *
 * @param recommendable a row of the served model's matrix ({@code tracks.csv.gz}), not only of the
 *     clean catalogue ({@code catalog.csv.gz})
 */
public record ReplayTrack(String trackId, boolean recommendable) {}
