package org.lambdamusic.speed.profile;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.view.UserProfileView;

/**
 * Keeps each user's {@link UserHistory} (keyed by user id, expiring after a TTL without activity)
 * and publishes it as an upsert. With a flush interval of 0 every change is published at once;
 * otherwise the changes of one user within the interval are coalesced into one view, published by a
 * processing-time timer: a user who is replaying or very active costs one view per interval, not
 * one per event.
 */
public final class UserProfileFunction
        extends KeyedProcessFunction<String, InteractionEvent, UserProfileView> {
    private static final long serialVersionUID = 1L;

    /**
     * Every event folded in, minus redeliveries: trending counts from here, so an event counts once
     * in trending exactly when it counts once in the profile.
     */
    public static final OutputTag<InteractionEvent> ACCEPTED_EVENTS =
            new OutputTag<>("accepted-events", TypeInformation.of(InteractionEvent.class));

    private final int historySize;
    private final long flushIntervalMs;
    private final Duration stateTtl;
    private transient ValueState<UserHistory> history;
    private transient Counter duplicates;

    public UserProfileFunction(int historySize, Duration flushInterval, Duration stateTtl) {
        this.historySize = historySize;
        this.flushIntervalMs = flushInterval.toMillis();
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<UserHistory> descriptor =
                new ValueStateDescriptor<>("user-history", TypeInformation.of(UserHistory.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(stateTtl)
                        .updateTtlOnCreateAndWrite()
                        .neverReturnExpired()
                        .build());
        history = getRuntimeContext().getState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(InteractionEvent event, Context ctx, Collector<UserProfileView> out)
            throws Exception {
        UserHistory user = history.value();
        if (user == null) {
            user = new UserHistory();
        }
        if (!user.apply(event, historySize)) {
            duplicates.inc();
            return;
        }
        ctx.output(ACCEPTED_EVENTS, event);
        if (flushIntervalMs == 0) {
            out.collect(user.toView(ctx.getCurrentKey()));
        } else if (user.flushDueAt == 0) {
            user.flushDueAt = ctx.timerService().currentProcessingTime() + flushIntervalMs;
            ctx.timerService().registerProcessingTimeTimer(user.flushDueAt);
        }
        history.update(user);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<UserProfileView> out)
            throws Exception {
        UserHistory user = history.value();
        if (user == null || user.flushDueAt == 0) {
            return; // expired, or already published
        }
        user.flushDueAt = 0;
        history.update(user);
        out.collect(user.toView(ctx.getCurrentKey()));
    }
}
