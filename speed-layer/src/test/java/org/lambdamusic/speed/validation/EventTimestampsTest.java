package org.lambdamusic.speed.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventTimestampsTest {
    private final EventTimestamps timestamps = new EventTimestamps();

    @Test
    void readsTheEventTimeTheSourceDecodedWhereverTheFieldWas() {
        assertThat(
                        extract(
                                "{\"timestamp\":42,\"event_id\":\"e\",\"user_id\":\"u\","
                                        + "\"track_id\":\"t\",\"interaction_type\":\"play\"}"))
                .isEqualTo(42);
        assertThat(
                        extract(
                                "{\"event_id\":\"e\",\"user_id\":\"u\",\"nested\":{\"timestamp\":7},"
                                        + "\"track_id\":\"t\",\"interaction_type\":\"like\",\"time\\u0073tamp\":43}"))
                .isEqualTo(43);
    }

    @Test
    void givesNoEventTimeToARecordThatIsNoEvent() {
        assertThat(extract("not json")).isEqualTo(EventTimestamps.NO_EVENT_TIME);
        assertThat(extract("{\"timestamp\":\"soon\"}")).isEqualTo(EventTimestamps.NO_EVENT_TIME);
        assertThat(extract("")).isEqualTo(EventTimestamps.NO_EVENT_TIME);
        // A timestamp the event has, but the event is not valid (blank user): it moves nothing.
        assertThat(
                        extract(
                                "{\"event_id\":\"e\",\"user_id\":\" \",\"track_id\":\"t\","
                                        + "\"interaction_type\":\"play\",\"timestamp\":5}"))
                .isEqualTo(EventTimestamps.NO_EVENT_TIME);
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
        return timestamps.extractTimestamp(
                ConsumedRecord.decode(
                        0,
                        0,
                        -1,
                        payload.getBytes(StandardCharsets.UTF_8),
                        4096,
                        60_000,
                        System.currentTimeMillis()),
                -1);
    }
}
