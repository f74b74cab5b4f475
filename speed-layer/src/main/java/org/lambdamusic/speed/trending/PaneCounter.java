package org.lambdamusic.speed.trending;

import java.util.HashMap;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.lambdamusic.contracts.interaction.InteractionEvent;

/**
 * Counts the accepted events per track and pane in the subtask that accepted them, and sends the
 * counts on to the track's {@link TrendingPanes} just before each watermark and each checkpoint
 * barrier (a local pre-aggregation). A popular track played a thousand times between two watermarks
 * crosses the network once, not a thousand times, and its panes are updated once.
 *
 * <p>The result is the one the events would give one by one: the counts of the events between two
 * watermarks arrive before the second one, so {@link TrendingPanes} judges them against the same
 * watermark as it would have judged each event (on time or late). Nothing is kept across a
 * checkpoint (everything is sent before its barrier), so the operator has no state.
 */
public final class PaneCounter extends AbstractStreamOperator<TrackPaneCount>
        implements OneInputStreamOperator<InteractionEvent, TrackPaneCount> {
    private static final long serialVersionUID = 1L;

    private final long slideMs;
    private transient HashMap<String, Counts> byTrack;
    private transient StreamRecord<TrackPaneCount> reuse;

    public PaneCounter(long slideMs) {
        this.slideMs = slideMs;
    }

    /** One track's counts in one pane; another pane of the same track hangs off {@code next}. */
    private static final class Counts {
        final long pane;
        long plays;
        long likes;
        long skips;
        Counts next;

        Counts(long pane) {
            this.pane = pane;
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        byTrack = new HashMap<>();
        reuse = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<InteractionEvent> element) {
        InteractionEvent event = element.getValue();
        long pane = Math.floorDiv(event.timestamp(), slideMs);
        Counts counts = byTrack.get(event.trackId());
        if (counts == null) {
            counts = new Counts(pane);
            byTrack.put(event.trackId(), counts);
        } else {
            while (counts.pane != pane && counts.next != null) {
                counts = counts.next;
            }
            if (counts.pane != pane) {
                counts.next = new Counts(pane);
                counts = counts.next;
            }
        }
        switch (event.type()) {
            case PLAY -> counts.plays++;
            case LIKE -> counts.likes++;
            case SKIP -> counts.skips++;
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        if (byTrack.isEmpty()) {
            return;
        }
        for (var entry : byTrack.entrySet()) {
            for (Counts c = entry.getValue(); c != null; c = c.next) {
                output.collect(
                        reuse.replace(
                                new TrackPaneCount(
                                        entry.getKey(), c.pane, c.plays, c.likes, c.skips)));
            }
        }
        byTrack.clear();
    }
}
