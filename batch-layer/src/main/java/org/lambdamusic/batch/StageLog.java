package org.lambdamusic.batch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the job's stages and logs each as one structured line ({@code stage=clean rows_in=..
 * rows_out=.. ms=..}); the same timings go into the manifest.
 */
public final class StageLog {
    private static final Logger LOG = LoggerFactory.getLogger(StageLog.class);

    private final Map<String, Long> timingsMs = new LinkedHashMap<>();
    private final long jobStartNanos;
    private long stageStartNanos;

    public StageLog() {
        this.jobStartNanos = System.nanoTime();
        this.stageStartNanos = jobStartNanos;
    }

    /** Marks the start of the next stage. */
    public void start() {
        stageStartNanos = System.nanoTime();
    }

    /** Ends the current stage: records and logs its time and row counts. */
    public long end(String stage, long rowsIn, long rowsOut, String extra) {
        long ms = (System.nanoTime() - stageStartNanos) / 1_000_000;
        timingsMs.merge(stage, ms, Long::sum);
        LOG.info(
                "stage={} rows_in={} rows_out={} ms={}{}",
                stage,
                rowsIn,
                rowsOut,
                ms,
                extra == null || extra.isEmpty() ? "" : " " + extra);
        stageStartNanos = System.nanoTime();
        return ms;
    }

    public long end(String stage, long rowsIn, long rowsOut) {
        return end(stage, rowsIn, rowsOut, null);
    }

    public long elapsedMs() {
        return (System.nanoTime() - jobStartNanos) / 1_000_000;
    }

    public Map<String, Long> timingsMs() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(timingsMs));
    }
}
