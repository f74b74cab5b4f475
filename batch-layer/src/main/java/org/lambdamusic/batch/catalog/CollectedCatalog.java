package org.lambdamusic.batch.catalog;

import java.util.List;
import java.util.Map;

/**
 * The clean catalog on the driver, after the job's single pass over the input (see {@link
 * CatalogCleaner#collect}).
 *
 * @param raw data rows read
 * @param dropped rows dropped per {@link DropReason#key()}, every reason present (0 when none)
 * @param tracks one track per track_id (its first usable row in file order), in matrix order:
 *     ascending sample key, ties by track_id
 */
public record CollectedCatalog(long raw, Map<String, Long> dropped, List<Track> tracks) {
    public long clean() {
        return tracks.size();
    }
}
