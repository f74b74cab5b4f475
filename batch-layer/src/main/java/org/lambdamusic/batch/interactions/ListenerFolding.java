package org.lambdamusic.batch.interactions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.listener.ListenerFold;

/**
 * The second pass, on one Spark task's share of the listeners: their accepted events up to the
 * watermark, sorted by user, partition, offset (then the other fields, so which of two copies of
 * one offset comes first does not depend on the input's order). Per listener, in offset order:
 *
 * <ol>
 *   <li>a repeated copy of an offset already seen (a replay re-archived it) is skipped;
 *   <li>an event id seen at an earlier offset of the same listener (a redelivery) is dropped and
 *       counted;
 *   <li>everything else goes through contracts' {@link ListenerFold}, the one rule for counts,
 *       likes and recent history.
 * </ol>
 *
 * Returns the task's listener views (JSON), its per-track counts and its totals ({@link FoldPart}).
 */
public final class ListenerFolding {
    private static final int PLAY = 0;
    private static final int LIKE = 1;
    private static final int SKIP = 2;

    private ListenerFolding() {}

    public static Iterator<FoldPart> fold(Iterator<ArchiveEvent> sorted, int historySize) {
        List<FoldPart> out = new ArrayList<>();
        Map<String, long[]> tracks = new HashMap<>();
        long events = 0;
        long redeliveries = 0;
        long timeMin = Long.MAX_VALUE;
        long timeMax = Long.MIN_VALUE;

        ListenerFold fold = null;
        String user = null;
        int partition = -1;
        long previousOffset = -1;
        Set<String> eventIds = new HashSet<>();
        while (sorted.hasNext()) {
            ArchiveEvent e = sorted.next();
            if (!e.getUserId().equals(user)) {
                if (fold != null) {
                    out.add(FoldPart.listener(user, ContractsJson.write(fold.view())));
                }
                user = e.getUserId();
                partition = e.getPartition();
                fold = new ListenerFold(user, partition, historySize);
                previousOffset = -1;
                eventIds.clear();
            } else if (e.getPartition() != partition) {
                // Events are keyed by user id, so one listener's events share a partition; offsets
                // of two partitions cannot be put in one order.
                throw new BatchJobException(
                        "listener "
                                + user
                                + " has events in partitions "
                                + partition
                                + " and "
                                + e.getPartition()
                                + " of the archive");
            }
            if (e.getOffset() == previousOffset) {
                continue; // a second copy of the same record
            }
            previousOffset = e.getOffset();
            if (!eventIds.add(e.getEventId())) {
                redeliveries++;
                continue;
            }
            fold.apply(e.toRecent());
            events++;
            timeMin = Math.min(timeMin, e.getTimestamp());
            timeMax = Math.max(timeMax, e.getTimestamp());
            tracks.computeIfAbsent(e.getTrackId(), t -> new long[3])[column(e.getType())]++;
        }
        if (fold != null) {
            out.add(FoldPart.listener(user, ContractsJson.write(fold.view())));
        }
        for (Map.Entry<String, long[]> track : tracks.entrySet()) {
            out.add(FoldPart.track(track.getKey(), track.getValue()));
        }
        out.add(FoldPart.totals(events, redeliveries, timeMin, timeMax));
        return out.iterator();
    }

    private static int column(String type) {
        return switch (type) {
            case "play" -> PLAY;
            case "like" -> LIKE;
            case "skip" -> SKIP;
            default -> throw new IllegalArgumentException("unknown interaction_type " + type);
        };
    }
}
