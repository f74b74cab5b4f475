package org.lambdamusic.speed.validation;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks that ignore implausible timestamps. One event stamped far in
 * the future would otherwise drag the watermark ahead and make every later event late; the
 * validator sends such events to the DLQ, so they must not move event time either.
 */
public final class PlausibleEventTimeWatermarks<T> implements WatermarkGenerator<T> {
    private final long maxOutOfOrdernessMs;
    private final long maxFutureSkewMs;
    private long maxTimestamp;

    public PlausibleEventTimeWatermarks(long maxOutOfOrdernessMs, long maxFutureSkewMs) {
        this.maxOutOfOrdernessMs = maxOutOfOrdernessMs;
        this.maxFutureSkewMs = maxFutureSkewMs;
        this.maxTimestamp = Long.MIN_VALUE + maxOutOfOrdernessMs + 1;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp > maxTimestamp
                && eventTimestamp <= System.currentTimeMillis() + maxFutureSkewMs) {
            maxTimestamp = eventTimestamp;
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(maxTimestamp - maxOutOfOrdernessMs - 1));
    }
}
