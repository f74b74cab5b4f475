package org.lambdamusic.batch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch benchmark's report, from hand-written logs of its runs. */
class BatchBenchReportTest {

    @Test
    void figuresComeFromTheTimeLinesAndTheStageLines(@TempDir Path logs) throws Exception {
        Files.writeString(
                logs.resolve("empty.log"),
                "stage=empty_job rows=114000 spark_start_ms=3800 read_count_ms=4100\n"
                        + "wall_s=8.00 peak_rss_kb=430080 exit=0\n");
        Files.writeString(
                logs.resolve("sample.log"),
                "INFO StageLog stage=load_clean rows_in=114000 rows_out=89740 ms=6985\n"
                        + "INFO StageLog stage=similarity rows_in=4832 rows_out=4832 ms=287\n"
                        + "INFO StageLog stage=publish rows_in=4832 rows_out=4832 ms=1719 model_bytes=99805284\n"
                        + "wall_s=16.00 peak_rss_kb=1166336 exit=0\n");
        Files.writeString(logs.resolve("all.log"), "wall_s=19.40 peak_rss_kb=1203200 exit=1\n");

        String markdown =
                new BatchBenchReport(
                                logs,
                                "-Xmx3g",
                                2,
                                "1.00 2.00 3.00",
                                "1.50 2.50 3.50",
                                1_000_000,
                                100)
                        .markdown();

        assertThat(markdown)
                .contains(
                        "on 2 cores, `-Xmx3g`, load average (1/5/15 min) 1.00 2.00 3.00 before and 1.50 2.50 3.50 after.")
                .contains(
                        "| empty Spark job (session + read CSV + count) | 8.0 s (session 3.8 s, read+count 4.1 s) | 420 MB | - | 114,000 |")
                .contains(
                        "| sample job, 4,832 tracks, dense, to S3 | **16.0 s** | 1139 MB | 99.8 MB | 114,000 raw → 89,740 clean → 4,832 |")
                .contains("| full catalog, top-100, to S3 (exit 1, see log) | **19.4 s** |")
                .contains("Sample job / empty job: **2.00x**")
                .contains("| load_clean | 6985 |  |  |  |")
                .contains("| similarity | 287 |  |  |  |")
                .doesNotContain("AppCDS archive |");
    }

    @Test
    void theSectionBetweenTheMarkersIsReplacedAndTheTextAroundKept() {
        String before =
                "# Benchmarks\n\n## Batch layer\n\nanalysis above\n"
                        + BatchBenchReport.BEGIN
                        + "\nold figures\n"
                        + BatchBenchReport.END
                        + "\nanalysis below\n";

        assertThat(BatchBenchReport.replaceSection(before, "new figures"))
                .isEqualTo(
                        "# Benchmarks\n\n## Batch layer\n\nanalysis above\n"
                                + BatchBenchReport.BEGIN
                                + "\nnew figures\n"
                                + BatchBenchReport.END
                                + "\nanalysis below\n");
        assertThat(BatchBenchReport.replaceSection("# Benchmarks\n", "figures"))
                .isEqualTo(
                        "# Benchmarks\n\n## Batch layer\n\nCommand: `./pipeline bench batch`\n\n"
                                + BatchBenchReport.BEGIN
                                + "\nfigures\n"
                                + BatchBenchReport.END
                                + "\n");
    }
}
