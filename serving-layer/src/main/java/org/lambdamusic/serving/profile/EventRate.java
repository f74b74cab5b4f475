package org.lambdamusic.serving.profile;

import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Interactions per second over the last minute: sixty one-second buckets, each stamped with the
 * second it counts, so stale buckets are recognised without a timer.
 */
@Component
public class EventRate {
    private static final int SECONDS = 60;

    private final Clock clock;
    private final long[] counts = new long[SECONDS];
    private final long[] stamps = new long[SECONDS];

    public EventRate() {
        this(Clock.systemUTC());
    }

    EventRate(Clock clock) {
        this.clock = clock;
    }

    public synchronized void record(long events) {
        long second = clock.millis() / 1000;
        int slot = (int) (second % SECONDS);
        if (stamps[slot] != second) {
            stamps[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += events;
    }

    /** Events recorded during the last sixty seconds, divided by sixty. */
    public synchronized double perSecond() {
        long now = clock.millis() / 1000;
        long sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (now - stamps[i] < SECONDS) {
                sum += counts[i];
            }
        }
        return sum / (double) SECONDS;
    }
}
