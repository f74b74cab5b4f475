package org.lambdamusic.speed.trending;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyedStateFunction;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Keyed by track: each track's counts per slide of event time (its panes, {@link TrackPanes},
 * counted ahead by {@link PaneCounter}), and, for every sliding window ({@code [end − size, end)},
 * ends at multiples of the slide), this subtask's best {@code topN} tracks, sent to {@link
 * TrendingTopN} once the watermark passes the window's end. The global top N is among the union of
 * the subtasks' top N (every track lives in one subtask, all rank by the same order), so only N
 * scores per subtask and window cross the network.
 *
 * <p>One pass over the subtask's tracks per window end ({@code applyToAllKeys}), instead of an
 * event-time timer and a sent score per track and window: with the default 1 h window and 1 min
 * slide every track played in the last hour fires once a minute, which made the timers and their
 * records the job's second largest cost (JFR, {@code ./pipeline bench speed}). The same pass drops
 * the panes no later window needs, and the tracks left with none.
 *
 * <p>Only window ends that hold counts are visited: the subtask keeps the panes that have counts (a
 * sorted set, rebuilt from the keyed state on restore) and, when the watermark passes, goes from
 * the oldest of them to the windows each one is in. Stepping through every slide between the oldest
 * pending count and the watermark instead made one event from 1973 (a valid, merely old timestamp,
 * as SpeedLayerFuzzTest sends) cost 27 million passes over all tracks: the task spun,
 * back-pressured the job and stopped its checkpoints.
 *
 * <p>A count whose windows have all been published already is late: not counted in trending (metric
 * {@code lateTrendingEvents}, in events), still counted in the listener's profile.
 */
public final class TrendingPanes extends AbstractStreamOperator<WindowedTrackScore>
        implements OneInputStreamOperator<TrackPaneCount, WindowedTrackScore> {
    private static final long serialVersionUID = 1L;

    private final long slideMs;
    private final long panesPerWindow;
    private final int topN;
    private final TrendingWeights weights;
    private transient ValueStateDescriptor<TrackPanes> panesDescriptor;
    private transient ValueState<TrackPanes> panes;
    private transient ListState<Long> nextEndState;
    // The panes with counts whose windows are not all published yet, and the first window end not
    // yet published: ends are published in increasing order.
    private transient TreeSet<Long> pendingPanes;
    private transient long lastPendingPane;
    private transient long nextEnd;
    private transient long watermark;
    private transient Counter late;
    private transient StreamRecord<WindowedTrackScore> reuse;

    public TrendingPanes(long windowMs, long slideMs, int topN, TrendingWeights weights) {
        if (windowMs % slideMs != 0) {
            throw new IllegalArgumentException(
                    "the trending window must be a multiple of the slide");
        }
        this.slideMs = slideMs;
        this.panesPerWindow = windowMs / slideMs;
        this.topN = topN;
        this.weights = weights;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        nextEndState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("next-window-end", Types.LONG));
        watermark = Long.MIN_VALUE;
        // Every subtask wrote its own; after a rescale a subtask may hold any track, so it starts
        // from the earliest (a window end published twice beats one never published).
        nextEnd = Long.MIN_VALUE;
        boolean first = true;
        for (Long end : nextEndState.get()) {
            nextEnd = first ? end : Math.min(nextEnd, end);
            first = false;
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        panesDescriptor =
                new ValueStateDescriptor<>("track-panes", TypeInformation.of(TrackPanes.class));
        panes = getPartitionedState(panesDescriptor);
        late = getMetricGroup().counter("lateTrendingEvents");
        reuse = new StreamRecord<>(null);
        pendingPanes = new TreeSet<>();
        lastPendingPane = Long.MIN_VALUE;
        // After a restore the panes with counts are those in the keyed state.
        this.<String>getKeyedStateBackend()
                .applyToAllKeys(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        panesDescriptor,
                        (trackId, state) -> {
                            TrackPanes track = state.value();
                            if (track != null) {
                                for (long pane : track.pane) {
                                    pendingPanes.add(pane);
                                }
                            }
                        });
    }

    @Override
    public void processElement(StreamRecord<TrackPaneCount> element) throws Exception {
        TrackPaneCount counts = element.getValue();
        long pane = counts.pane();
        // The first window end not yet published (window W is published at watermark W - 1).
        long firstOpenEnd =
                watermark == Long.MIN_VALUE
                        ? Long.MIN_VALUE
                        : (Math.floorDiv(watermark + 1, slideMs) + 1) * slideMs;
        long lastEndWithPane = (pane + panesPerWindow) * slideMs;
        if (lastEndWithPane < firstOpenEnd) {
            late.inc(counts.events());
            return;
        }
        TrackPanes track = panes.value();
        if (track == null) {
            track = new TrackPanes();
        }
        track.add(pane, counts.plays(), counts.likes(), counts.skips());
        panes.update(track);
        // Counts come in runs of one pane: the set is touched once per run, not per record.
        if (pane != lastPendingPane) {
            pendingPanes.add(pane);
            lastPendingPane = pane;
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        while (!pendingPanes.isEmpty()) {
            long oldest = pendingPanes.first();
            // The oldest pane's windows end at (oldest + 1) .. (oldest + panesPerWindow) slides.
            long end = Math.max((oldest + 1) * slideMs, nextEnd);
            if (end > (oldest + panesPerWindow) * slideMs) {
                pendingPanes.pollFirst(); // every window of it is published
                if (oldest == lastPendingPane) {
                    lastPendingPane = Long.MIN_VALUE;
                }
                continue;
            }
            if (end - 1 > watermark) {
                break;
            }
            publish(end);
            nextEnd = end + slideMs;
        }
        if (watermark != Long.MIN_VALUE) {
            // Ends the watermark passed without counts are closed too: a count for them is late.
            nextEnd = Math.max(nextEnd, (Math.floorDiv(watermark + 1, slideMs) + 1) * slideMs);
        }
        super.processWatermark(mark);
    }

    /** This subtask's best tracks of the window ending at {@code windowEnd}, best first. */
    private void publish(long windowEnd) throws Exception {
        long lastPane = windowEnd / slideMs - 1;
        long firstPane = lastPane - panesPerWindow + 1;
        Comparator<WindowedTrackScore> best = TrendingRanking.bestFirst(weights);
        // The heap's head is the worst of the current top n, so it is the one to evict.
        PriorityQueue<WindowedTrackScore> top = new PriorityQueue<>(topN + 1, best.reversed());
        KeyedStateFunction<String, ValueState<TrackPanes>> scoreOne =
                (trackId, state) -> {
                    TrackPanes track = state.value();
                    if (track == null) {
                        return;
                    }
                    long[] sum = track.sum(firstPane, lastPane);
                    if (sum != null) {
                        top.add(
                                new WindowedTrackScore(
                                        windowEnd - panesPerWindow * slideMs,
                                        windowEnd,
                                        trackId,
                                        sum[0],
                                        sum[1],
                                        sum[2]));
                        if (top.size() > topN) {
                            top.poll();
                        }
                    }
                    // The next window drops this one's oldest pane.
                    if (track.dropBefore(firstPane + 1)) {
                        state.clear();
                    } else {
                        state.update(track);
                    }
                };
        this.<String>getKeyedStateBackend()
                .applyToAllKeys(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        panesDescriptor,
                        scoreOne);
        List<WindowedTrackScore> ranked = new ArrayList<>(top);
        ranked.sort(best);
        for (WindowedTrackScore score : ranked) {
            output.collect(reuse.replace(score, windowEnd - 1));
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        nextEndState.update(List.of(nextEnd));
    }
}
