package org.lambdamusic.speed.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventTimestampsTest {
    private final EventTimestamps timestamps = new EventTimestamps();

    @Test
    void readsTheEventTimeWhereverTheFieldIs() {
        assertThat(extract("{\"timestamp\":42,\"event_id\":\"e\"}")).isEqualTo(42);
        assertThat(extract("{\"nested\":{\"timestamp\":7},\"timestamp\":43}")).isEqualTo(43);
    }

    @Test
    void givesNoEventTimeToAPayloadWithoutOne() {
        assertThat(extract("not json")).isEqualTo(EventTimestamps.NO_EVENT_TIME);
        assertThat(extract("{\"timestamp\":\"soon\"}")).isEqualTo(EventTimestamps.NO_EVENT_TIME);
        assertThat(extract("")).isEqualTo(EventTimestamps.NO_EVENT_TIME);
    }

    @Test
    void plausibleWatermarksIgnoreTimestampsFarInTheFuture() {
        var watermarks = new PlausibleEventTimeWatermarks<byte[]>(1_000, 60_000);
        long now = System.currentTimeMillis();
        var emitted = new java.util.ArrayList<Long>();
        var output =
                new org.apache.flink.api.common.eventtime.WatermarkOutput() {
                    @Override
                    public void emitWatermark(
                            org.apache.flink.api.common.eventtime.Watermark watermark) {
                        emitted.add(watermark.getTimestamp());
                    }

                    @Override
                    public void markIdle() {}

                    @Override
                    public void markActive() {}
                };
        watermarks.onEvent(new byte[0], now - 10_000, output);
        watermarks.onEvent(new byte[0], now + 3_600_000, output); // rejected by the validator too
        watermarks.onEvent(new byte[0], EventTimestamps.NO_EVENT_TIME, output);
        watermarks.onPeriodicEmit(output);

        assertThat(emitted).containsExactly(now - 10_000 - 1_000 - 1);
    }

    private long extract(String payload) {
        return timestamps.extractTimestamp(payload.getBytes(StandardCharsets.UTF_8), -1);
    }
}
