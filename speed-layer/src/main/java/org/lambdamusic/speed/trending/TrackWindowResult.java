package org.lambdamusic.speed.trending;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Labels a track's final tally with its window. */
public final class TrackWindowResult
        extends ProcessWindowFunction<TrackTally, WindowedTrackScore, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(
            String trackId,
            Context context,
            Iterable<TrackTally> tallies,
            Collector<WindowedTrackScore> out) {
        TimeWindow window = context.window();
        for (TrackTally tally : tallies) {
            out.collect(WindowedTrackScore.of(window.getStart(), window.getEnd(), trackId, tally));
        }
    }
}
