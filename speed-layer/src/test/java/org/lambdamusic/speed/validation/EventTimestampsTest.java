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
    void theFastScanAgreesWithTheParserOrDefersToIt() {
        String[] payloads = {
            "{\"event_id\":\"e\",\"user_id\":\"u\",\"timestamp\":1763900000000}",
            "{\"timestamp\":-5}",
            "{\"timestamp\":0}",
            "{\"timestamp\":007}",
            "{\"timestamp\":1.5}",
            "{\"timestamp\":1e3}",
            "{\"timestamp\" : 12}",
            "{\"timestamp\":99999999999999999999}",
            "{\"a\":\"x\\\"timestamp\\\":1\",\"timestamp\":2}",
            "{\"time\\u0073tamp\":3}",
            "{\"n\":[{\"timestamp\":1}],\"timestamp\":4}",
            "[{\"timestamp\":5}]",
            "{\"timestamp\":6",
            "{\"s\":\"}}}\",\"timestamp\":8}",
            "{\"timestamp\":null}",
        };
        for (String json : payloads) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            long fast = EventTimestamps.scan(bytes);
            if (fast != EventTimestamps.UNSURE) {
                assertThat(fast).as(json).isEqualTo(EventTimestamps.parse(bytes));
            }
        }
        assertThat(extract(payloads[0])).isEqualTo(1763900000000L);
        assertThat(EventTimestamps.scan(payloads[0].getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(1763900000000L); // the common case never reaches the parser
        assertThat(extract("{\"time\\u0073tamp\":3}")).isEqualTo(3);
        assertThat(extract("{\"a\":\"x\\\"timestamp\\\":1\",\"timestamp\":2}")).isEqualTo(2);
        assertThat(extract("[{\"timestamp\":5}]")).isEqualTo(EventTimestamps.NO_EVENT_TIME);
        assertThat(extract("{\"timestamp\":1.5}")).isEqualTo(EventTimestamps.NO_EVENT_TIME);
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
        return timestamps.extractTimestamp(
                new PositionedPayload(0, 0, -1, payload.getBytes(StandardCharsets.UTF_8)), -1);
    }
}
