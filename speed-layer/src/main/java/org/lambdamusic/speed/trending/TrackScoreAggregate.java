package org.lambdamusic.speed.trending;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.lambdamusic.contracts.interaction.InteractionEvent;

/** Incremental per-track, per-window tally: one small object per (track, window), not a list. */
public final class TrackScoreAggregate
        implements AggregateFunction<InteractionEvent, TrackTally, TrackTally> {
    private static final long serialVersionUID = 1L;

    @Override
    public TrackTally createAccumulator() {
        return new TrackTally();
    }

    @Override
    public TrackTally add(InteractionEvent event, TrackTally tally) {
        tally.add(event.type());
        return tally;
    }

    @Override
    public TrackTally getResult(TrackTally tally) {
        return tally;
    }

    @Override
    public TrackTally merge(TrackTally a, TrackTally b) {
        return new TrackTally(a.plays + b.plays, a.likes + b.likes, a.skips + b.skips);
    }
}
