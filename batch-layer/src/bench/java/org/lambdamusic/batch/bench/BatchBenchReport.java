package org.lambdamusic.batch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of {@link BatchBenchmark} as Markdown, from its logs: each run's {@code
 * /usr/bin/time} line and the job's stage lines ({@code stage=<name> rows_in= rows_out= ms=}).
 */
final class BatchBenchReport {
    static final String BEGIN = "<!-- batch-bench:begin -->";
    static final String END = "<!-- batch-bench:end -->";
    private static final Pattern STAGE =
            Pattern.compile("stage=(\\w+) rows_in=(\\d+) rows_out=(\\d+) ms=(\\d+)(.*)");
    private static final Pattern TIME =
            Pattern.compile("wall_s=([\\d.]+) peak_rss_kb=(\\d+) exit=(\\d+)");
    private static final Pattern BYTES = Pattern.compile("model_bytes=(\\d+)");
    private static final Pattern EMPTY =
            Pattern.compile("spark_start_ms=(\\d+) read_count_ms=(\\d+)");

    private final Path logs;
    private final String javaOptions;
    private final int cores;
    private final String loadBefore;
    private final String loadAfter;
    private final int rows;
    private final int topK;

    BatchBenchReport(
            Path logs,
            String javaOptions,
            int cores,
            String loadBefore,
            String loadAfter,
            int rows,
            int topK) {
        this.logs = logs;
        this.javaOptions = javaOptions;
        this.cores = cores;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.rows = rows;
        this.topK = topK;
    }

    record Stage(long rowsIn, long rowsOut, long ms) {}

    /** One run's log, read. */
    record Run(
            String text,
            Map<String, Stage> stages,
            Double wall,
            Double rssMb,
            Integer exit,
            Long bytes) {
        static Run read(Path file) {
            String text;
            try {
                text =
                        Files.exists(file)
                                ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                                : "";
            } catch (IOException e) {
                text = "";
            }
            Map<String, Stage> stages = new LinkedHashMap<>();
            Matcher m = STAGE.matcher(text);
            while (m.find()) {
                stages.put(
                        m.group(1),
                        new Stage(
                                Long.parseLong(m.group(2)),
                                Long.parseLong(m.group(3)),
                                Long.parseLong(m.group(4))));
            }
            Matcher t = TIME.matcher(text);
            Matcher b = BYTES.matcher(text);
            boolean timed = t.find();
            return new Run(
                    text,
                    stages,
                    timed ? Double.parseDouble(t.group(1)) : null,
                    timed ? Long.parseLong(t.group(2)) / 1024.0 : null,
                    timed ? Integer.parseInt(t.group(3)) : null,
                    b.find() ? Long.parseLong(b.group(1)) : null);
        }

        String wallText() {
            return wall == null ? "failed" : String.format(Locale.ROOT, "%.1f s", wall);
        }

        String rss() {
            return rssMb == null ? "n/a" : String.format(Locale.ROOT, "%.0f MB", rssMb);
        }

        String ok() {
            return exit != null && exit == 0 ? "" : " (exit " + exit + ", see log)";
        }

        String size() {
            return bytes == null ? "n/a" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }

        Stage stage(String name) {
            return stages.getOrDefault(name, new Stage(0, 0, 0));
        }
    }

    String markdown() {
        Run empty = Run.read(logs.resolve("empty.log"));
        Run sample = Run.read(logs.resolve("sample.log"));
        Run full = Run.read(logs.resolve("all.log"));
        Run synth = Run.read(logs.resolve("synthetic.log"));
        Run emptyCds = Run.read(logs.resolve("empty-cds.log"));
        Run sampleCds = Run.read(logs.resolve("sample-cds.log"));
        List<String> out = new ArrayList<>();
        boolean busy = Double.parseDouble(loadBefore.split(" ")[0]) > cores;
        out.add(
                "Measured "
                        + ZonedDateTime.now(ZoneOffset.UTC)
                                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                        + " UTC on "
                        + cores
                        + " cores, `"
                        + javaOptions
                        + "`, load average (1/5/15 min) "
                        + loadBefore
                        + " before and "
                        + loadAfter
                        + " after"
                        + (busy ? " (**shared machine under load: figures are inflated**)." : "."));
        out.add("");
        out.add("| run | wall time, JVM start to exit | peak RSS | model size | rows |");
        out.add("|---|---|---|---|---|");
        out.add(
                "| empty Spark job (session + read CSV + count)"
                        + empty.ok()
                        + " | "
                        + empty.wallText()
                        + session(empty)
                        + " | "
                        + empty.rss()
                        + " | - | 114,000 |");
        Stage clean = sample.stage("load_clean");
        out.add(
                String.format(
                        Locale.ROOT,
                        "| sample job, 4,832 tracks, dense, to S3%s | **%s** | %s | %s | %,d raw → %,d clean → 4,832 |",
                        sample.ok(),
                        sample.wallText(),
                        sample.rss(),
                        sample.size(),
                        clean.rowsIn(),
                        clean.rowsOut()));
        Double ratioCds =
                emptyCds.wall() != null && sampleCds.wall() != null
                        ? sampleCds.wall() / emptyCds.wall()
                        : null;
        if (ratioCds != null) {
            out.add(
                    "| empty Spark job, with AppCDS archive"
                            + emptyCds.ok()
                            + " | "
                            + emptyCds.wallText()
                            + session(emptyCds)
                            + " | "
                            + emptyCds.rss()
                            + " | - | 114,000 |");
            out.add(
                    "| sample job, with AppCDS archive"
                            + sampleCds.ok()
                            + " | **"
                            + sampleCds.wallText()
                            + "** | "
                            + sampleCds.rss()
                            + " | "
                            + sampleCds.size()
                            + " | same |");
        }
        out.add(
                String.format(
                        Locale.ROOT,
                        "| full catalog, top-%d, to S3%s | **%s** | %s | %s | %,d tracks |",
                        topK,
                        full.ok(),
                        full.wallText(),
                        full.rss(),
                        full.size(),
                        full.stage("load_clean").rowsOut()));
        Stage synthClean = synth.stage("load_clean");
        out.add(
                String.format(
                        Locale.ROOT,
                        "| SYNTHETIC %,d-row scale-up: load-clean-standardize only%s | %s | %s | - | %,d raw → %,d clean |",
                        rows,
                        synth.ok(),
                        synth.wallText(),
                        synth.rss(),
                        synthClean.rowsIn(),
                        synthClean.rowsOut()));
        out.add("");
        double ratio =
                sample.wall() != null && empty.wall() != null
                        ? sample.wall() / empty.wall()
                        : Double.NaN;
        out.add(
                String.format(Locale.ROOT, "Sample job / empty job: **%.2fx**", ratio)
                        + (ratioCds != null
                                ? String.format(
                                        Locale.ROOT,
                                        "; both with the AppCDS archive: **%.2fx**",
                                        ratioCds)
                                : "")
                        + " (targets: sample job < 15 s and ≤ 1.5x the empty job of the same run; full catalog top-100 ≤ 28 s)."
                        + " `./pipeline batch` runs with the AppCDS archive by default.");
        out.add("");
        List<String> names = new ArrayList<>();
        for (Run run : List.of(sample, full, synth)) {
            for (String name : run.stages().keySet()) {
                if (!names.contains(name) && !name.equals("done")) {
                    names.add(name);
                }
            }
        }
        out.add("| stage (ms) | sample job | sample job, AppCDS | full catalog | synthetic 1M |");
        out.add("|---|---|---|---|---|");
        for (String name : names) {
            StringBuilder row = new StringBuilder("| " + name + " |");
            for (Run run : List.of(sample, sampleCds, full, synth)) {
                Stage stage = run.stages().get(name);
                row.append(' ').append(stage == null ? "" : Long.toString(stage.ms())).append(" |");
            }
            out.add(row.toString());
        }
        if (synth.wall() != null && synthClean.rowsIn() > 0 && synthClean.ms() > 0) {
            out.add("");
            out.add(
                    String.format(
                            Locale.ROOT,
                            "Synthetic load-clean throughput: %,.0f rows/s (single gzip file = one read partition).",
                            synthClean.rowsIn() / (synthClean.ms() / 1000.0)));
        }
        return String.join("\n", out);
    }

    private static String session(Run empty) {
        Matcher m = EMPTY.matcher(empty.text());
        return m.find()
                ? String.format(
                        Locale.ROOT,
                        " (session %.1f s, read+count %.1f s)",
                        Long.parseLong(m.group(1)) / 1000.0,
                        Long.parseLong(m.group(2)) / 1000.0)
                : "";
    }

    /**
     * BENCHMARKS.md with the block between the markers of its "Batch layer" section (created when
     * absent); the text around the markers (the analysis) is kept.
     */
    static String replaceSection(String text, String block) {
        if (!text.contains("## Batch layer")) {
            text =
                    text.stripTrailing()
                            + "\n\n## Batch layer\n\nCommand: `./pipeline bench batch`\n\n"
                            + BEGIN
                            + "\n"
                            + END
                            + "\n";
        }
        if (!text.contains(BEGIN)) {
            text =
                    text.replaceFirst(
                            "## Batch layer\n", "## Batch layer\n\n" + BEGIN + "\n" + END + "\n");
        }
        int a = text.indexOf(BEGIN) + BEGIN.length();
        int b = text.indexOf(END);
        return text.substring(0, a) + "\n" + block + "\n" + text.substring(b);
    }
}
