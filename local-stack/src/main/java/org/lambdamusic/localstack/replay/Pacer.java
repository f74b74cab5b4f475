package org.lambdamusic.localstack.replay;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Holds a sender to a rate: the i-th event (from 0) is due {@code i / rate} seconds after the
 * first. A sender behind schedule goes on at once (no burst limit beyond catching up); one ahead
 * sleeps, but only once it is a millisecond ahead, since shorter sleeps cost more than they wait.
 */
final class Pacer {
    private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final double nanosPerEvent;
    private final LongSupplier nanoClock;
    private long start = Long.MIN_VALUE;

    /**
     * @param perSecond events per second; 0 or less: no limit
     */
    Pacer(double perSecond, LongSupplier nanoClock) {
        this.nanosPerEvent = perSecond > 0 ? 1e9 / perSecond : 0;
        this.nanoClock = nanoClock;
    }

    /** Returns when event {@code index} is due. */
    void awaitTurn(long index) throws InterruptedException {
        long now = nanoClock.getAsLong();
        if (start == Long.MIN_VALUE) {
            start = now;
        }
        long ahead = dueAt(index) - now;
        if (ahead >= MIN_SLEEP_NANOS) {
            TimeUnit.NANOSECONDS.sleep(ahead);
        }
    }

    /** When event {@code index} is due, on the clock given. */
    long dueAt(long index) {
        return start + (long) (index * nanosPerEvent);
    }
}
