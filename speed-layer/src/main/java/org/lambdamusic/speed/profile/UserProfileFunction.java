package org.lambdamusic.speed.profile;

import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.speed.served.TrimPoint;
import org.lambdamusic.speed.validation.PositionedEvent;

/**
 * Keeps each user's {@link UserEventLog} (keyed by user id, expiring after a TTL without activity)
 * and publishes it as an upsert, already written as contracts JSON ({@link ProfileUpdate}).
 *
 * <p>With a flush interval of 0 every change is published at once. Otherwise a user's changes are
 * coalesced: the first change registers one processing-time timer, later changes before it fires
 * only update state, and the timer publishes one view. So views cost per user touched per interval,
 * not per event. The wait is the flush interval for live events; for an event that is already late
 * by event time (a replay, or the job catching up on a backlog) it grows to a tenth of that
 * lateness, up to {@code maxFlushDelay}: a view that is minutes behind anyway can wait a second
 * more, and a catching-up job then publishes each busy user about once per {@code maxFlushDelay}
 * instead of five times a second.
 */
public final class UserProfileFunction
        extends KeyedProcessFunction<String, PositionedEvent, ProfileUpdate> {
    private static final long serialVersionUID = 1L;

    /** A late event's view may wait this fraction of its lateness (bounded by maxFlushDelay). */
    static final int LATENESS_DIVISOR = 10;

    /**
     * Every event folded in, minus redeliveries: trending counts from here, so an event counts once
     * in trending exactly when it is accepted into the user's log.
     */
    public static final OutputTag<InteractionEvent> ACCEPTED_EVENTS =
            new OutputTag<>("accepted-events", TypeInformation.of(InteractionEvent.class));

    private final long retentionMs;
    private final int maxEvents;
    private final long flushIntervalMs;
    private final long maxFlushDelayMs;
    private final Duration stateTtl;
    private transient ValueStateDescriptor<UserEventLog> logDescriptor;
    private transient ValueState<UserEventLog> logs;
    private transient TrimPoint trimPoint = TrimPoint.NONE;
    private transient Counter duplicates;
    private transient Counter viewsPublished;
    private transient ProfileViewWriter views;

    /** Flushes after exactly {@code flushInterval}, however late the events are. */
    public UserProfileFunction(
            Duration retention, int maxEvents, Duration flushInterval, Duration stateTtl) {
        this(retention, maxEvents, flushInterval, flushInterval, stateTtl);
    }

    public UserProfileFunction(
            Duration retention,
            int maxEvents,
            Duration flushInterval,
            Duration maxFlushDelay,
            Duration stateTtl) {
        this.retentionMs = retention.toMillis();
        this.maxEvents = maxEvents;
        this.flushIntervalMs = flushInterval.toMillis();
        this.maxFlushDelayMs = Math.max(flushIntervalMs, maxFlushDelay.toMillis());
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        // No Flink state TTL: its wrapper, clock read and incremental cleanup on every access were
        // a sixth of the task thread in the job's profile. The log keeps its last-seen time and
        // UserProfileOperator drops expired listeners in a sweep over all keys (expire()).
        ValueStateDescriptor<UserEventLog> descriptor =
                new ValueStateDescriptor<>("user-log", TypeInformation.of(UserEventLog.class));
        logDescriptor = descriptor;
        logs = getRuntimeContext().getState(descriptor);
        trimPoint = TrimPoint.NONE;
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
        viewsPublished = getRuntimeContext().getMetricGroup().counter("profileViewsPublished");
        views = new ProfileViewWriter(16 * 1024);
    }

    @Override
    public void processElement(PositionedEvent event, Context ctx, Collector<ProfileUpdate> out)
            throws Exception {
        UserEventLog log = logs.value();
        boolean created = log == null;
        if (created) {
            log = new UserEventLog();
        }
        long now = ctx.timerService().currentProcessingTime();
        log.lastSeen(now);
        if (!log.apply(event, retentionMs, maxEvents, trimPoint.of(event.partition()), views)) {
            duplicates.inc();
            return;
        }
        ctx.output(ACCEPTED_EVENTS, event.event());
        if (flushIntervalMs == 0) {
            publish(ctx.getCurrentKey(), log, out);
        } else if (log.flushDueAt() == 0) {
            log.flushDueAt(now + flushDelay(now - event.event().timestamp()));
            ctx.timerService().registerProcessingTimeTimer(log.flushDueAt());
        }
        if (created) {
            logs.update(log);
        }
        // An existing log is changed in place, without update(): the job's state backend is the
        // heap (SpeedLayerEnvironment sets it), whose value() hands out the map's own object (a
        // copy of it first while a checkpoint still reads the old one), so the change is in the
        // state; update() would only look the key up again.
    }

    /** How long a change waits for more changes of the same user, given its event's lateness. */
    long flushDelay(long latenessMs) {
        return Math.min(maxFlushDelayMs, Math.max(flushIntervalMs, latenessMs / LATENESS_DIVISOR));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ProfileUpdate> out)
            throws Exception {
        UserEventLog log = logs.value();
        if (log == null || log.flushDueAt() == 0) {
            return; // expired, or already published
        }
        log.flushDueAt(0); // in place, see processElement
        publish(ctx.getCurrentKey(), log, out);
    }

    /** The descriptor of the listeners' logs ({@link UserProfileOperator} visits them all). */
    ValueStateDescriptor<UserEventLog> logDescriptor() {
        return logDescriptor;
    }

    /** From now on, events at or below the trim point are accepted but not kept. */
    void trimPoint(TrimPoint trimPoint) {
        this.trimPoint = trimPoint;
    }

    /**
     * Drops from one listener's log what {@code trim} covers (called for every listener when a
     * newer version is served) and publishes the smaller view, unless one is due anyway.
     *
     * @return how many events were dropped
     */
    int trim(
            String userId,
            ValueState<UserEventLog> state,
            TrimPoint trim,
            Collector<ProfileUpdate> out)
            throws IOException {
        UserEventLog log = state.value();
        if (log == null) {
            return 0; // expired
        }
        int dropped = log.trim(trim.of(log.partition()));
        if (dropped > 0) {
            state.update(log);
            if (log.flushDueAt() == 0) {
                publish(userId, log, out);
            }
        }
        return dropped;
    }

    /** The state TTL: a listener without an event for this long is dropped by {@link #expire}. */
    Duration stateTtl() {
        return stateTtl;
    }

    /**
     * Drops one listener's state when it has had no event for the state TTL (called for every
     * listener now and then); when nothing of it is left after the watermark (an empty log), its
     * view goes too (a tombstone), so the compacted topic and the serving layer's memory forget
     * listeners who left.
     *
     * @return true when the listener was dropped
     */
    boolean expire(
            String userId, ValueState<UserEventLog> state, long now, Collector<ProfileUpdate> out)
            throws IOException {
        UserEventLog log = state.value();
        if (log == null || now - log.lastSeen() < stateTtl.toMillis()) {
            return false;
        }
        state.clear();
        if (log.size() == 0) {
            out.collect(new ProfileUpdate(userId, null));
        }
        return true;
    }

    private void publish(String userId, UserEventLog log, Collector<ProfileUpdate> out) {
        out.collect(new ProfileUpdate(userId, views.write(userId, log)));
        viewsPublished.inc();
    }
}
