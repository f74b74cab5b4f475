package org.lambdamusic.serving.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventRateTest {
    private static final class MutableClock extends Clock {
        long millis = 1_000_000;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void averagesTheLastMinuteAndForgetsOlderSeconds() {
        MutableClock clock = new MutableClock();
        EventRate rate = new EventRate(clock);
        rate.record(60);
        clock.millis += 30_000;
        rate.record(60);
        assertThat(rate.perSecond()).isEqualTo(2.0);
        clock.millis += 31_000; // the first batch is now 61 s old
        assertThat(rate.perSecond()).isEqualTo(1.0);
    }
}
