package org.lambdamusic.localstack.replay;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The replay's progress as one structured line every few seconds: events sent and acknowledged of
 * the total, the rate since the start and the time left at that rate.
 */
final class ReplayProgress {
    private final long total;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final PrintWriter out;
    private final long start;
    private long lastLine;

    ReplayProgress(long total, long intervalSeconds, LongSupplier nanoClock, PrintWriter out) {
        this.total = total;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
        this.nanoClock = nanoClock;
        this.out = out;
        this.start = nanoClock.getAsLong();
        this.lastLine = start;
    }

    /** Prints a line when the interval has passed since the last one. */
    void update(long sent, long acknowledged) {
        long now = nanoClock.getAsLong();
        if (now - lastLine >= intervalNanos) {
            lastLine = now;
            out.println(line(sent, acknowledged, now));
        }
    }

    String line(long sent, long acknowledged, long now) {
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? acknowledged / seconds : 0;
        String eta = rate > 0 ? Long.toString(Math.round((total - acknowledged) / rate)) : "?";
        return String.format(
                Locale.ROOT,
                "replay progress sent=%d acknowledged=%d total=%d rate=%.0f/s eta_s=%s",
                sent,
                acknowledged,
                total,
                rate,
                eta);
    }

    double elapsedSeconds() {
        return (nanoClock.getAsLong() - start) / 1e9;
    }
}
