package org.lambdamusic.batch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.localstack.LocalObjectStore;

/**
 * {@code ./pipeline bench batch}, on the real dataset, each run a JVM of its own timed by {@code
 * /usr/bin/time} (wall, peak RSS): (1) the empty Spark job (session + read CSV + count), (2) the
 * 4,832-track job end to end (JVM start to LATEST written, into a fresh local store on a free
 * port), (2b) both again with an AppCDS archive of the job's classes, (3) the full-catalogue top-K
 * job, (4) load-clean-standardize alone on a SYNTHETIC 1,000,000-row jittered scale-up of the real
 * file. Prints the figures ({@link BatchBenchReport}) and rewrites the "Batch layer" section of
 * BENCHMARKS.md between its markers.
 *
 * <p>From ./pipeline: BENCH_DIR, BENCH_INPUT, BENCH_FIXTURE, BENCH_REPORT, BENCH_JOB_CLASSPATH (the
 * job's own, as ./pipeline batch), BENCH_CLASSPATH (with the bench classes), BATCH_JAVA_OPTS.
 * Knobs: BATCH_BENCH_ROWS (1000000), BATCH_BENCH_TOP_K (100), BATCH_BENCH_S3_PORT (a free port),
 * BATCH_BENCH_CDS (1; 0 skips the AppCDS runs).
 */
public final class BatchBenchmark {
    private final Map<String, String> env = System.getenv();
    private final Path dir = Path.of(env.get("BENCH_DIR"));
    private final Path logs = dir.resolve("logs");
    private final List<String> javaOptions =
            List.of(env.getOrDefault("BATCH_JAVA_OPTS", "-Xmx3g").trim().split("\\s+"));
    private String endpoint;

    private BatchBenchmark() {}

    public static void main(String[] args) throws Exception {
        new BatchBenchmark().run();
    }

    private void run() throws Exception {
        String input = env.get("BENCH_INPUT");
        int rows = Integer.parseInt(env.getOrDefault("BATCH_BENCH_ROWS", "1000000"));
        int topK = Integer.parseInt(env.getOrDefault("BATCH_BENCH_TOP_K", "100"));
        deleteTree(dir);
        Files.createDirectories(logs);
        ObjectStoreSettings settings = ObjectStoreSettings.fromEnvironment();
        String port = env.getOrDefault("BATCH_BENCH_S3_PORT", "");
        LocalObjectStore store =
                port.isBlank()
                        ? LocalObjectStore.start(
                                settings.withEndpoint("http://127.0.0.1:" + freePort()), dir)
                        : LocalObjectStore.start(
                                settings.withEndpoint("http://127.0.0.1:" + port), dir);
        try (store) {
            endpoint = store.endpoint();
            String bucket = settings.bucket();
            say(
                    "batch bench: data in "
                            + dir
                            + ", object store on "
                            + endpoint.replace("http://", "")
                            + ", input "
                            + input);
            String loadBefore = loadAverage();
            say("1/4 empty Spark job (session start + read CSV + count)");
            timed("empty.log", List.of(), "org.lambdamusic.batch.bench.EmptySparkJob", input);
            say("2/4 sample job (4,832 tracks, dense) to s3://" + bucket + "/models");
            timed(
                    "sample.log",
                    List.of(),
                    "org.lambdamusic.batch.BatchJobMain",
                    "--input",
                    input,
                    "--output",
                    "s3://" + bucket + "/models",
                    "--sample",
                    "4832");
            boolean cds = !env.getOrDefault("BATCH_BENCH_CDS", "1").equals("0");
            if (cds) {
                // AppCDS: a training run on the small fixture dumps the classes it loaded into an
                // archive the next JVMs map instead of parsing and verifying them; then the same
                // two runs again with it, so the ratio compares like with like.
                say(
                        "2b/4 AppCDS: training run (fixture, file:// output), then empty and sample job with the archive");
                Path jsa = Files.createDirectories(dir.resolve("cds")).resolve("batch.jsa");
                timed(
                        "cds-train.log",
                        List.of(
                                "-XX:ArchiveClassesAtExit=" + jsa,
                                "-Xlog:cds=off",
                                "-Xlog:cds+dynamic=off"),
                        "org.lambdamusic.batch.BatchJobMain",
                        "--input",
                        env.get("BENCH_FIXTURE"),
                        "--output",
                        "file://" + dir.resolve("cds/train-output"),
                        "--sample",
                        "100");
                timed(
                        "empty-cds.log",
                        List.of("-XX:SharedArchiveFile=" + jsa),
                        "org.lambdamusic.batch.bench.EmptySparkJob",
                        input);
                timed(
                        "sample-cds.log",
                        List.of("-XX:SharedArchiveFile=" + jsa),
                        "org.lambdamusic.batch.BatchJobMain",
                        "--input",
                        input,
                        "--output",
                        "s3://" + bucket + "/models-cds",
                        "--sample",
                        "4832");
            }
            say("3/4 full-catalog job (top-" + topK + ") to s3://" + bucket + "/models-all");
            timed(
                    "all.log",
                    List.of(),
                    "org.lambdamusic.batch.BatchJobMain",
                    "--input",
                    input,
                    "--output",
                    "s3://" + bucket + "/models-all",
                    "--sample",
                    "all",
                    "--top-k",
                    Integer.toString(topK));
            say("4/4 SYNTHETIC " + rows + "-row scale-up: generate, then load-clean-standardize");
            Path synthetic = dir.resolve("synthetic/spotify_tracks_SYNTHETIC_" + rows + ".csv.gz");
            timed(
                    "synthetic-gen.log",
                    List.of(),
                    "org.lambdamusic.batch.bench.SyntheticCatalog",
                    input,
                    synthetic.toString(),
                    Integer.toString(rows));
            timed(
                    "synthetic.log",
                    List.of(),
                    "org.lambdamusic.batch.bench.LoadCleanStandardize",
                    synthetic.toString());
            String loadAfter = loadAverage();

            BatchBenchReport report =
                    new BatchBenchReport(
                            logs,
                            String.join(" ", javaOptions),
                            Runtime.getRuntime().availableProcessors(),
                            loadBefore,
                            loadAfter,
                            rows,
                            topK);
            String block = report.markdown();
            System.out.println(block);
            Path markdown = Path.of(env.get("BENCH_REPORT"));
            Files.writeString(
                    markdown,
                    BatchBenchReport.replaceSection(
                            Files.exists(markdown) ? Files.readString(markdown) : "# Benchmarks\n",
                            block));
            System.out.println("updated " + markdown);
        }
    }

    /** One JVM under /usr/bin/time, its output and "wall_s= peak_rss_kb= exit=" in the log. */
    private void timed(String log, List<String> extraJvm, String main, String... args)
            throws IOException, InterruptedException {
        String classpath =
                main.startsWith("org.lambdamusic.batch.bench.")
                        ? env.get("BENCH_CLASSPATH")
                        : env.get("BENCH_JOB_CLASSPATH");
        Path file = logs.resolve(log);
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "/usr/bin/time",
                                "-f",
                                "wall_s=%e peak_rss_kb=%M exit=%x",
                                "-a",
                                "-o",
                                file.toString(),
                                javaBinary()));
        command.addAll(javaOptions);
        command.addAll(extraJvm);
        command.addAll(List.of("-cp", classpath, main));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()));
        builder.environment().put("S3_ENDPOINT", endpoint);
        builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        builder.start().waitFor();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static void say(String message) {
        System.out.println(
                LocalTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HH:mm:ss"))
                        + " pipeline: "
                        + message);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
