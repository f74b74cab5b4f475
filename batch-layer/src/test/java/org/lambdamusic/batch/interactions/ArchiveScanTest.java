package org.lambdamusic.batch.interactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watermark rule on runs as Spark tasks would report them, without Spark. */
class ArchiveScanTest {

    @Test
    void runsFromSeveralTasksMergeUpToTheFirstGap() {
        List<PositionRun> rows = new ArrayList<>();
        // task 1 holds p0 5-9 and 20-21, task 2 holds p0 10-12 (and 7 again), task 3 p0 14
        scan(rows, 0, 5, 6, 7, 8, 9, 20, 21);
        scan(rows, 0, 12, 10, 11, 7);
        scan(rows, 0, 14);
        // p1: one offset only; p2: starts at 100 (older offsets expired before archiving)
        scan(rows, 1, 0);
        scan(rows, 2, 101, 100, 103);

        ArchiveScan.Coverage c = ArchiveScan.coverage(rows);

        assertThat(c.watermark().offsets()).isEqualTo(Map.of(0, 12L, 1, 0L, 2, 101L));
        // p0: 5..12 = 8 offsets in 9 lines (7 twice); p1: 1; p2: 2
        assertThat(c.coveredOffsets()).isEqualTo(8 + 1 + 2);
        assertThat(c.covered()).isEqualTo(9 + 1 + 2);
        assertThat(c.beyond()).isEqualTo(3 + 1); // p0 14, 20, 21; p2 103
        assertThat(c.linesRead()).isEqualTo(16);
        assertThat(c.unpositioned()).isZero();
    }

    @Test
    void linesThatDoNotParseOrHaveNoPositionAreUnpositioned() {
        List<PositionRun> rows = new ArrayList<>();
        ArchiveScan.scan(
                        List.of(
                                        ArchiveFixture.event("a", "u", "t", "play", 1, 0, 0),
                                        "{\"event_id\":\"b\",\"user_id\":\"u\",\"track_id\":\"t\","
                                                + "\"interaction_type\":\"play\",\"timestamp\":2}",
                                        "",
                                        "{\"partition\":0,\"offset\":2}",
                                        ArchiveFixture.marker(0, 1, "bad"))
                                .iterator())
                .forEachRemaining(rows::add);

        ArchiveScan.Coverage c = ArchiveScan.coverage(rows);

        // the line at offset 2 is neither an event nor a marker: as if the offset were missing
        assertThat(c.watermark().offsets()).isEqualTo(Map.of(0, 1L));
        assertThat(c.linesRead()).isEqualTo(5);
        assertThat(c.unpositioned()).isEqualTo(3);
        assertThat(c.covered()).isEqualTo(2);
    }

    @Test
    void noLinesNoWatermark() {
        List<PositionRun> rows = new ArrayList<>();
        ArchiveScan.scan(List.<String>of().iterator()).forEachRemaining(rows::add);
        assertThat(ArchiveScan.coverage(rows).watermark().offsets()).isEmpty();
    }

    private static void scan(List<PositionRun> rows, int partition, long... offsets) {
        List<String> lines = new ArrayList<>();
        for (long o : offsets) {
            lines.add(ArchiveFixture.marker(partition, o, "x"));
        }
        Iterator<PositionRun> it = ArchiveScan.scan(lines.iterator());
        it.forEachRemaining(rows::add);
    }
}
