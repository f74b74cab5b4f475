package org.lambdamusic.speed.trending;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.lambdamusic.contracts.interaction.InteractionEvent;

/**
 * Keyed by track: the track's score in every sliding event-time window, computed from per-slide
 * panes. Windows are Flink's sliding windows (start a multiple of the slide, {@code [end − size,
 * end)}); when the watermark passes a window's end, the track's sum over that window's panes goes
 * to {@link TrendingTopN}. One event-time timer per track is pending at a time: the end of the next
 * window that still holds one of its panes. An event whose windows have all been published already
 * is late and is not counted in trending (it still counts in the user's profile).
 */
public final class TrendingPanes
        extends KeyedProcessFunction<String, InteractionEvent, WindowedTrackScore> {
    private static final long serialVersionUID = 1L;

    private final long slideMs;
    private final long panesPerWindow;
    private transient ValueState<TrackPanes> panes;
    private transient ValueState<Long> nextWindowEnd;
    private transient Counter late;

    public TrendingPanes(long windowMs, long slideMs) {
        if (windowMs % slideMs != 0) {
            throw new IllegalArgumentException(
                    "the trending window must be a multiple of the slide");
        }
        this.slideMs = slideMs;
        this.panesPerWindow = windowMs / slideMs;
    }

    @Override
    public void open(OpenContext openContext) {
        panes =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "track-panes", TypeInformation.of(TrackPanes.class)));
        nextWindowEnd =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("next-window-end", Long.class));
        late = getRuntimeContext().getMetricGroup().counter("lateTrendingEvents");
    }

    @Override
    public void processElement(
            InteractionEvent event, Context ctx, Collector<WindowedTrackScore> out)
            throws Exception {
        long pane = Math.floorDiv(event.timestamp(), slideMs);
        long watermark = ctx.timerService().currentWatermark();
        // The first window end not yet published (window W is published at watermark W - 1).
        long firstOpenEnd =
                watermark == Long.MIN_VALUE
                        ? Long.MIN_VALUE
                        : (Math.floorDiv(watermark + 1, slideMs) + 1) * slideMs;
        long lastEndWithPane = (pane + panesPerWindow) * slideMs;
        if (lastEndWithPane < firstOpenEnd) {
            late.inc();
            return;
        }
        TrackPanes track = panes.value();
        if (track == null) {
            track = new TrackPanes();
        }
        track.add(pane, event.type());
        panes.update(track);

        long end = Math.max((pane + 1) * slideMs, firstOpenEnd);
        Long scheduled = nextWindowEnd.value();
        if (scheduled == null || end < scheduled) {
            if (scheduled != null) {
                ctx.timerService().deleteEventTimeTimer(scheduled - 1);
            }
            nextWindowEnd.update(end);
            ctx.timerService().registerEventTimeTimer(end - 1);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowedTrackScore> out)
            throws Exception {
        long windowEnd = timestamp + 1;
        long lastPane = windowEnd / slideMs - 1;
        long firstPane = lastPane - panesPerWindow + 1;
        TrackPanes track = panes.value();
        if (track == null) {
            nextWindowEnd.clear();
            return;
        }
        long[] sum = track.sum(firstPane, lastPane);
        if (sum != null) {
            out.collect(
                    new WindowedTrackScore(
                            windowEnd - panesPerWindow * slideMs,
                            windowEnd,
                            ctx.getCurrentKey(),
                            sum[0],
                            sum[1],
                            sum[2]));
        }
        // The next window drops the oldest pane; keep going while any pane is still inside one.
        if (track.dropBefore(firstPane + 1)) {
            panes.clear();
            nextWindowEnd.clear();
            return;
        }
        panes.update(track);
        long next = windowEnd + slideMs;
        nextWindowEnd.update(next);
        ctx.timerService().registerEventTimeTimer(next - 1);
    }
}
