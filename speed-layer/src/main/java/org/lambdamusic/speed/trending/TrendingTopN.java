package org.lambdamusic.speed.trending;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.lambdamusic.contracts.view.TrendingTrack;
import org.lambdamusic.contracts.view.TrendingView;

/**
 * Keyed by window end: gathers every track's score for that window and, once the watermark passes
 * the window's end (all of the window's results have arrived by then), publishes its top N as a
 * {@link TrendingView}, ranked by the configured {@link TrendingWeights}.
 */
public final class TrendingTopN
        extends KeyedProcessFunction<Long, WindowedTrackScore, TrendingView> {
    private static final long serialVersionUID = 1L;

    private final int topN;
    private final TrendingWeights weights;
    private transient ListState<WindowedTrackScore> scores;

    public TrendingTopN(int topN, TrendingWeights weights) {
        this.topN = topN;
        this.weights = weights;
    }

    @Override
    public void open(OpenContext openContext) {
        scores =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "window-scores",
                                        TypeInformation.of(WindowedTrackScore.class)));
    }

    @Override
    public void processElement(WindowedTrackScore score, Context ctx, Collector<TrendingView> out)
            throws Exception {
        scores.add(score);
        // Window results carry timestamp windowEnd - 1; fire once the watermark has passed it.
        ctx.timerService().registerEventTimeTimer(score.windowEnd() - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrendingView> out)
            throws Exception {
        Iterable<WindowedTrackScore> all = scores.get();
        long windowStart = Long.MIN_VALUE;
        for (WindowedTrackScore s : all) {
            windowStart = s.windowStart();
            break;
        }
        if (windowStart == Long.MIN_VALUE) {
            return;
        }
        List<TrendingTrack> top = TrendingRanking.top(all, topN, weights);
        out.collect(new TrendingView(windowStart, ctx.getCurrentKey(), top));
        scores.clear();
    }
}
