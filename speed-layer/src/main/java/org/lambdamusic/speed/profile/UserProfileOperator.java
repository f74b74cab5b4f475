package org.lambdamusic.speed.profile;

import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyedStateFunction;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.lambdamusic.speed.served.ServedVersionFollower;
import org.lambdamusic.speed.served.ServedVersions;
import org.lambdamusic.speed.served.ServedWatermark;
import org.lambdamusic.speed.served.TrimPoint;
import org.lambdamusic.speed.validation.PositionedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners' logs ({@link UserProfileFunction}, one event at a time) and what the batch layer
 * has covered: every {@code pollInterval} it reads which version is served ({@code LATEST} and its
 * manifest's watermark, {@link ServedVersionFollower}, off the task thread) and, when a newer one
 * moves the {@linkplain ServedVersions#trimPoint() trim point}, drops what it covers from every
 * listener's log and publishes the smaller views. So a view holds only the traffic the batch views
 * a reader can be serving do not, bounded by the time between batch runs instead of the log's
 * retention.
 *
 * <p>An operator rather than a second (broadcast) input: a two-input operator cannot be chained,
 * and this one takes every event, so with one input it runs in the source's thread without a
 * network exchange when the job runs at parallelism 1 ({@code SpeedLayerJob}). The versions seen
 * are operator state, in every checkpoint (union list, so a rescaled job finds them too).
 */
public final class UserProfileOperator
        extends KeyedProcessOperator<String, PositionedEvent, ProfileUpdate> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(UserProfileOperator.class);

    private final UserProfileFunction function;
    private final String modelsPath;
    private final long pollIntervalMs;
    private final ServedVersionFollower.Reads reads;
    private transient ListState<ServedVersions> servedState;
    private transient ServedVersions served;
    private transient TrimPoint trimPoint;
    private transient ServedVersionFollower follower;
    private transient TimestampedCollector<ProfileUpdate> trimOutput;
    private transient Counter eventsTrimmed;
    private transient Counter listenersExpired;
    private transient long nextSweepAt;

    public UserProfileOperator(
            UserProfileFunction function,
            String modelsPath,
            Duration pollInterval,
            ServedVersionFollower.Reads reads) {
        super(function);
        this.function = function;
        this.modelsPath = modelsPath;
        this.pollIntervalMs = Math.max(1, pollInterval.toMillis());
        this.reads = reads;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        servedState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "served-versions",
                                        TypeInformation.of(ServedVersions.class)));
        served = ServedVersions.restore(servedState.get());
        trimPoint = served.trimPoint();
    }

    @Override
    public void open() throws Exception {
        super.open();
        function.trimPoint(trimPoint);
        trimOutput = new TimestampedCollector<>(output);
        eventsTrimmed = getMetricGroup().counter("eventsTrimmed");
        listenersExpired = getMetricGroup().counter("listenersExpired");
        nextSweepAt = getProcessingTimeService().getCurrentProcessingTime() + sweepIntervalMs();
        follower = new ServedVersionFollower(modelsPath, reads);
        getProcessingTimeService().scheduleWithFixedDelay(time -> poll(), 0, pollIntervalMs);
    }

    private void poll() throws Exception {
        Optional<ServedWatermark> answer = follower.poll();
        if (answer.isPresent()) {
            onServed(answer.get());
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (now >= nextSweepAt) {
            nextSweepAt = now + sweepIntervalMs();
            expire(now);
        }
    }

    /** How often expired listeners are looked for: a tenth of the TTL, at most hourly. */
    private long sweepIntervalMs() {
        return Math.max(1, Math.min(function.stateTtl().toMillis() / 10, 3_600_000L));
    }

    /**
     * Drops the listeners without an event for the state TTL, in one pass over all keys (instead of
     * Flink's state TTL on every access, see {@link UserProfileFunction#expire}).
     */
    void expire(long now) throws Exception {
        long[] expired = {0};
        KeyedStateFunction<String, ValueState<UserEventLog>> expireOne =
                (user, state) -> {
                    if (function.expire(user, state, now, trimOutput)) {
                        expired[0]++;
                    }
                };
        this.<String>getKeyedStateBackend()
                .applyToAllKeys(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        function.logDescriptor(),
                        expireOne);
        if (expired[0] > 0) {
            listenersExpired.inc(expired[0]);
            LOG.info(
                    "speed layer dropped {} listeners without an event for {}",
                    expired[0],
                    function.stateTtl());
        }
    }

    /** A read of the served version: when it is a new one, trims every listener it lets go. */
    void onServed(ServedWatermark version) throws Exception {
        ServedVersions next = served.next(version);
        if (next == served) {
            return;
        }
        served = next;
        TrimPoint before = trimPoint;
        trimPoint = next.trimPoint();
        function.trimPoint(trimPoint);
        for (var p : before.asMap().entrySet()) {
            if (version.watermark().of(p.getKey()) < p.getValue()) {
                LOG.warn(
                        "speed layer: served version {} covers partition {} only up to {}, but"
                                + " the views were trimmed up to {} already (a rollback by more"
                                + " than one version?): listeners with events in between answer"
                                + " \"complete\": false until ./pipeline reset speed",
                        version.version(),
                        p.getKey(),
                        version.watermark().of(p.getKey()),
                        p.getValue());
            }
        }
        if (!trimPoint.isAbove(before)) {
            LOG.info(
                    "speed layer sees version {} served (trim point stays {})",
                    version.version(),
                    trimPoint);
            return;
        }
        long startNanos = System.nanoTime();
        long[] totals = new long[2]; // listeners trimmed, events dropped
        TrimPoint trim = trimPoint;
        KeyedStateFunction<String, ValueState<UserEventLog>> trimOne =
                (user, state) -> {
                    int dropped = function.trim(user, state, trim, trimOutput);
                    if (dropped > 0) {
                        totals[0]++;
                        totals[1] += dropped;
                    }
                };
        this.<String>getKeyedStateBackend()
                .applyToAllKeys(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        function.logDescriptor(),
                        trimOne);
        eventsTrimmed.inc(totals[1]);
        LOG.info(
                "speed layer sees version {} served: trimmed the logs through {} (the older of the"
                        + " two newest watermarks), {} events of {} listeners dropped in {} ms",
                version.version(),
                trimPoint,
                totals[1],
                totals[0],
                (System.nanoTime() - startNanos) / 1_000_000);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        servedState.update(java.util.List.of(served));
    }

    @Override
    public void close() throws Exception {
        if (follower != null) {
            follower.close();
        }
        super.close();
    }
}
