package org.lambdamusic.localstack.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.lambdamusic.contracts.deploy.StackDefaults;
import org.lambdamusic.localstack.LocalKafkaBroker;
import org.lambdamusic.localstack.LocalObjectStore;
import org.lambdamusic.localstack.supervisor.Ports;
import org.lambdamusic.localstack.supervisor.ProcessSpec;
import org.lambdamusic.localstack.supervisor.Readiness;
import org.lambdamusic.localstack.supervisor.SupervisedProcess;
import org.lambdamusic.localstack.supervisor.Supervisor;

/**
 * {@code ./pipeline bench <name>}: prepares what a benchmark needs (its class path, fresh servers
 * on free ports, a serving instance of its own) and runs the benchmark's own program from the
 * module's bench sources, which measures and prints the figures. Knobs are environment variables,
 * each with its default beside it here or in the benchmark's class.
 */
final class Benchmarks {
    static final List<String> NAMES =
            List.of(
                    "batch",
                    "topk",
                    "batch-views",
                    "quality",
                    "speed",
                    "views",
                    "view-writer",
                    "serving",
                    "cf",
                    "retrain",
                    "cluster-speed");

    private final Pipeline pipeline;

    Benchmarks(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    int run(String name, List<String> args) {
        return switch (name) {
            case "batch" -> batch();
            case "topk" -> topK();
            case "batch-views" -> batchViews();
            case "quality" -> quality(args);
            case "speed" -> speed();
            case "views" -> views();
            case "view-writer" -> viewWriter();
            case "serving" -> serving();
            case "cf" -> cf();
            case "retrain" -> retrain();
            case "cluster-speed" -> clusterSpeed();
            default ->
                    throw new IllegalArgumentException(
                            "usage: ./pipeline bench " + String.join("|", NAMES));
        };
    }

    private String env(String name, String fallback) {
        String value = pipeline.env().get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private List<String> jvm(String variable, String fallback) {
        return List.of(env(variable, fallback).split("\\s+"));
    }

    /** The machine a batch benchmark ran on and the batch JVM's flags, for its figures. */
    private void sayMachine() {
        pipeline.say(
                "machine: "
                        + Runtime.getRuntime().availableProcessors()
                        + " cores, "
                        + LoadAverage.cpuModel()
                        + ", "
                        + LoadAverage.memoryGb()
                        + " GB RAM; JVM "
                        + pipeline.setting(StackDefaults.BATCH_JAVA_OPTS));
    }

    private void loadAverage(String when) {
        pipeline.say("load average " + when + ": " + LoadAverage.read());
    }

    private Path requireDataset() {
        Path input = pipeline.dataset();
        if (!Files.isRegularFile(input)) {
            throw new IllegalStateException("dataset not found: " + input);
        }
        return input;
    }

    /**
     * ./pipeline bench batch: BatchBenchmark (batch-layer/src/bench) times the empty Spark job, the
     * sample job, with and without AppCDS, the full catalogue and a SYNTHETIC scale-up, and writes
     * the "Batch layer" section of BENCHMARKS.md. Knobs: BATCH_BENCH_ROWS (1000000),
     * BATCH_BENCH_TOP_K (100), BATCH_BENCH_S3_PORT (a free port), BATCH_BENCH_CDS (1).
     */
    private int batch() {
        Path input = requireDataset();
        requireTool("/usr/bin/time", "time");
        String classpath = BenchClasspath.of(pipeline, "batch-layer");
        Map<String, String> env = new HashMap<>(pipeline.env());
        env.put("BENCH_DIR", pipeline.dataDir().resolve("bench-batch").toString());
        env.put("BENCH_INPUT", input.toString());
        env.put(
                "BENCH_FIXTURE",
                pipeline.repoRoot()
                        .resolve("datasets/fixtures/spotify_tracks_small.csv")
                        .toString());
        env.put("BENCH_REPORT", pipeline.repoRoot().resolve("BENCHMARKS.md").toString());
        env.put("BENCH_JOB_CLASSPATH", new BatchRun(pipeline).classpath());
        env.put("BENCH_CLASSPATH", classpath);
        env.put("BATCH_JAVA_OPTS", pipeline.setting(StackDefaults.BATCH_JAVA_OPTS));
        return java(
                "batch-bench",
                List.of("-Xmx256m"),
                classpath,
                "org.lambdamusic.batch.bench.BatchBenchmark",
                List.of(),
                env);
    }

    /**
     * ./pipeline bench topk: the top-K kernel alone. TOPK_BENCH_K (100), _WARMUP (3), _ROUNDS (5).
     */
    private int topK() {
        Path input = requireDataset();
        String classpath = BenchClasspath.of(pipeline, "batch-layer");
        String k = env("TOPK_BENCH_K", "100");
        String warmup = env("TOPK_BENCH_WARMUP", "3");
        String rounds = env("TOPK_BENCH_ROUNDS", "5");
        pipeline.say(
                "top-K kernel bench: k="
                        + k
                        + ", "
                        + warmup
                        + " warm-up + "
                        + rounds
                        + " measured rounds on "
                        + Runtime.getRuntime().availableProcessors()
                        + " cores, input "
                        + input);
        loadAverage("before");
        int status =
                java(
                        "topk-bench",
                        pipeline.jvmOptions(StackDefaults.BATCH_JAVA_OPTS),
                        classpath,
                        "org.lambdamusic.batch.bench.TopKKernelBench",
                        List.of(input.toString(), k, warmup, rounds),
                        pipeline.env());
        loadAverage("after");
        return status;
    }

    /**
     * ./pipeline bench batch-views: the batch views alone on a SYNTHETIC archive written once under
     * the data folder. BATCH_VIEWS_BENCH_EVENTS (10000000), _USERS (50000), _ROUNDS (1).
     */
    private int batchViews() {
        requireTool("/usr/bin/time", "time");
        String classpath = BenchClasspath.of(pipeline, "batch-layer");
        String events = env("BATCH_VIEWS_BENCH_EVENTS", "10000000");
        String users = env("BATCH_VIEWS_BENCH_USERS", "50000");
        String rounds = env("BATCH_VIEWS_BENCH_ROUNDS", "1");
        Path archive =
                pipeline.dataDir()
                        .resolve(
                                "bench-batch-views/archive-SYNTHETIC-"
                                        + events
                                        + "-"
                                        + users
                                        + "u");
        pipeline.say(
                "batch-views bench: SYNTHETIC archive of "
                        + events
                        + " records, "
                        + users
                        + " users: "
                        + archive);
        if (java(
                        "synthetic-archive",
                        List.of("-Xmx1g"),
                        classpath,
                        "org.lambdamusic.batch.bench.SyntheticArchive",
                        List.of(archive.toString(), events, users, "7"),
                        pipeline.env())
                != 0) {
            throw new IllegalStateException("archive generation failed");
        }
        sayMachine();
        loadAverage("before");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "/usr/bin/time",
                                "-f",
                                "wall_s=%e peak_rss_kb=%M exit=%x",
                                pipeline.java()));
        command.addAll(pipeline.jvmOptions(StackDefaults.BATCH_JAVA_OPTS));
        command.addAll(
                List.of(
                        "-cp",
                        classpath,
                        "org.lambdamusic.batch.bench.BatchViewsBench",
                        archive.toString(),
                        rounds));
        int status = filtered(command, pipeline.env(), line -> !line.contains(" WARN "), null);
        loadAverage("after");
        return status;
    }

    /**
     * ./pipeline bench quality [job flags]: what the batch job measures before it publishes (ALS on
     * the archive, listeners held out and folded in, every ranker through the serving layer's
     * ranking code), run by the job itself with --evaluate-only: the real input, the object store's
     * archive (beside s3://$S3_BUCKET/models), sample PIPELINE_SAMPLE (a later --sample wins),
     * nothing written. Prints the job's table, the stage lines of the evaluation, wall time and
     * peak RSS; the job's log stays under the data folder's bench-quality/. The job reads ALS_*
     * (contracts AlsSettings), SCORING_*_WEIGHT (ScoringSettings) and QUALITY_GATE_MARGIN.
     */
    private int quality(List<String> flags) {
        requireTool("/usr/bin/time", "time");
        BatchRun batch = new BatchRun(pipeline);
        pipeline.rebuildJarIfStale("batch-layer");
        Path dir = pipeline.dataDir().resolve("bench-quality");
        String stamp =
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        Path log = dir.resolve("quality-" + stamp + ".log");
        Path out = dir.resolve("quality-" + stamp + ".log.out");
        Path time = dir.resolve("quality-" + stamp + ".log.time");
        String output = "s3://" + pipeline.store().bucket() + "/models";
        pipeline.say(
                "quality bench: input "
                        + pipeline.dataset()
                        + ", output "
                        + output
                        + " on "
                        + pipeline.store().endpoint()
                        + " (archive beside it), sample "
                        + pipeline.sample()
                        + ", extra flags: "
                        + (flags.isEmpty() ? "none" : String.join(" ", flags)));
        sayMachine();
        loadAverage("before");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "/usr/bin/time",
                                "-f",
                                "wall_s=%e peak_rss_kb=%M exit=%x",
                                "-o",
                                time.toString(),
                                pipeline.java()));
        command.addAll(pipeline.jvmOptions(StackDefaults.BATCH_JAVA_OPTS));
        command.addAll(
                List.of(
                        "-cp",
                        batch.classpath(),
                        BatchRun.MAIN,
                        "--input",
                        pipeline.dataset().toString(),
                        "--output",
                        output,
                        "--sample",
                        pipeline.sample(),
                        "--evaluate-only"));
        command.addAll(flags);
        int status;
        try {
            Files.createDirectories(dir);
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectOutput(out.toFile())
                            .redirectError(log.toFile());
            builder.environment().putAll(pipeline.env());
            status = builder.start().waitFor();
            Pattern stage =
                    Pattern.compile(
                            "stage=(batch_views|als|evaluate_als|evaluate|similarity|done) ");
            for (String line : Files.readAllLines(log)) {
                if (stage.matcher(line).find()) {
                    System.out.println(line.replaceFirst("^.*(StageLog|BatchJob) ", "  "));
                }
            }
            System.out.print(Files.readString(out));
            System.out.print(Files.readString(time));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
        pipeline.say("load average after: " + LoadAverage.read() + "; job log: " + log);
        if (status != 0) {
            List<String> lines = readLines(log);
            throw new IllegalStateException(
                    "the evaluation failed (exit "
                            + status
                            + "): "
                            + (lines.isEmpty() ? "" : lines.get(lines.size() - 1)));
        }
        return 0;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * ./pipeline bench speed: SpeedBenchmark (the job in the benchmark's JVM) against a fresh
     * broker and object store on free ports. Knobs in the class: BENCH_EVENTS, BENCH_WARMUP_EVENTS
     * (1,000,000 of other listeners first; the figures are the measured backlog's), BENCH_USERS,
     * BENCH_RATE, BENCH_LATENCY_SECONDS, BENCH_SETTLE_SECONDS, BENCH_RETRAIN_EVENTS /
     * BENCH_RETRAIN_EVERY (simulated batch runs, off by default), FLINK_PARALLELISM, SPEED_ARCHIVE;
     * JVM: SPEED_BENCH_JAVA_OPTS (-Xmx2g).
     */
    private int speed() {
        return onFreshServers("org.lambdamusic.speed.bench.SpeedBenchmark", "bench-speed");
    }

    /**
     * ./pipeline bench views: view sizes under a steady stream with a batch run every few minutes
     * (ViewSizeBenchmark: the production job on a fresh broker and store, as the speed bench).
     * Knobs: VIEWS_BENCH_RATE (1000 ev/s), VIEWS_BENCH_USERS (5000), VIEWS_BENCH_MINUTES (12),
     * VIEWS_BENCH_RETRAIN_EVERY (3M; 0S: none).
     */
    private int views() {
        return onFreshServers("org.lambdamusic.speed.bench.ViewSizeBenchmark", "bench-views");
    }

    /**
     * A benchmark class of the speed layer against a fresh KRaft broker and s3proxy on free ports
     * (no fixed port, so no lock), data under the data folder's {@code folder}.
     */
    private int onFreshServers(String benchmark, String folder) {
        String name = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        String classpath = BenchClasspath.of(pipeline, "speed-layer");
        Path dir = fresh(pipeline.dataDir().resolve(folder));
        int kafkaPort = Ports.free();
        int s3Port = Ports.free();
        pipeline.say(
                name
                        + ": broker on 127.0.0.1:"
                        + kafkaPort
                        + ", object store on 127.0.0.1:"
                        + s3Port
                        + ", data in "
                        + dir
                        + ", load average "
                        + LoadAverage.read());
        var settings = pipeline.store().withEndpoint("http://127.0.0.1:" + s3Port);
        int status;
        try (LocalObjectStore store = LocalObjectStore.start(settings, dir);
                LocalKafkaBroker kafka = LocalKafkaBroker.start(dir, kafkaPort, Ports.free())) {
            Map<String, String> env = new HashMap<>(pipeline.env());
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("S3_ENDPOINT", store.endpoint());
            env.put("SPEED_STATE_DIR", dir.resolve("flink").toString());
            env.putIfAbsent("BENCH_CATALOG", pipeline.dataset().toString());
            List<String> jvm = new ArrayList<>(jvm("SPEED_BENCH_JAVA_OPTS", "-Xmx2g"));
            // The job's production logging (log4j2.properties), not the tests'.
            jvm.add("-Dlog4j2.configurationFile=log4j2.properties");
            status = java(folder, jvm, classpath, benchmark, List.of(), env);
        }
        pipeline.say(name + ": load average after: " + LoadAverage.read());
        return status;
    }

    /**
     * ./pipeline bench view-writer: the profile view writer alone (ViewWriterBenchmark: the job's
     * ProfileViewWriter on states built by the job's own code), one JVM, no broker. JVM:
     * VIEWS_BENCH_JAVA_OPTS (-Xmx1g); the other knobs in the class, printed with the figures.
     */
    private int viewWriter() {
        String classpath = BenchClasspath.of(pipeline, "speed-layer");
        Map<String, String> env = new HashMap<>(pipeline.env());
        env.putIfAbsent("BENCH_CATALOG", pipeline.dataset().toString());
        List<String> jvm = new ArrayList<>(jvm("VIEWS_BENCH_JAVA_OPTS", "-Xmx1g"));
        jvm.add("-Dlog4j2.configurationFile=log4j2.properties");
        pipeline.say("view writer bench: load average before: " + LoadAverage.read());
        int status =
                java(
                        "view-writer-bench",
                        jvm,
                        classpath,
                        "org.lambdamusic.speed.bench.ViewWriterBenchmark",
                        List.of(),
                        env);
        pipeline.say("view writer bench: load average after: " + LoadAverage.read());
        return status;
    }

    /**
     * ./pipeline bench serving: against the running pipeline's store, Kafka and speed job, a
     * serving instance of its own on a free port (SERVING_BENCH_URL: an already running one
     * instead), driven by ServingLoadBenchmark (serving-layer/src/bench) with wrk and hey.
     */
    private int serving() {
        requireTool("wrk", "wrk");
        requireTool("hey", "hey");
        String classpath = BenchClasspath.of(pipeline, "serving-layer");
        Map<String, String> env = new HashMap<>(pipeline.env());
        env.put("BENCH_DIR", fresh(pipeline.dataDir().resolve("bench-serving")).toString());
        env.put(
                "BENCH_WRK_SCRIPTS",
                pipeline.repoRoot().resolve("serving-layer/src/bench/wrk").toString());
        String url = env("SERVING_BENCH_URL", "");
        if (!url.isBlank()) {
            env.put("SERVING_BENCH_URL", url.replaceAll("/$", ""));
            return java(
                    "serving-bench-driver",
                    List.of("-Xmx256m"),
                    classpath,
                    "org.lambdamusic.serving.bench.ServingLoadBenchmark",
                    List.of(),
                    env);
        }
        Serving serving = new Serving(pipeline);
        int port = Ports.free();
        String name = "serving-bench";
        pipeline.say(
                "starting a serving instance for the benchmark on :"
                        + port
                        + " (log "
                        + pipeline.supervisor().logOf(name)
                        + ") ...");
        // Short percentile window, so the server-side quantiles read after the fixed-rate run
        // cover that run only.
        ProcessSpec spec =
                serving.spec(
                        name,
                        port,
                        serving.instanceEnv(null),
                        List.of(
                                "--management.metrics.distribution.expiry.http.server.requests=30s",
                                "--management.metrics.distribution.buffer-length.http.server.requests=3"));
        truncate(pipeline.supervisor().logOf(name));
        SupervisedProcess instance =
                serving.start(spec.readyWhen(spec.readiness(), Duration.ofSeconds(120)));
        try {
            env.put("SERVING_BENCH_URL", Serving.base(port));
            env.put("BENCH_MODEL_LOAD_MS", Serving.loadMillis(instance.log()));
            return java(
                    "serving-bench-driver",
                    List.of("-Xmx256m"),
                    classpath,
                    "org.lambdamusic.serving.bench.ServingLoadBenchmark",
                    List.of(),
                    env);
        } finally {
            pipeline.supervisor().stop(name, Duration.ofSeconds(30));
        }
    }

    /**
     * ./pipeline bench cf: the serving layer's collaborative filtering (issue 16). In process
     * (CfBenchmark): load with factors, fold-in per event, "for you" with and without the listener
     * cache, the kappa and also_play profiles, on CF_BENCH_MODEL (a version directory or a models
     * root holding LATEST, with factors); by default the full catalogue built once by the batch job
     * under the data folder's bench-cf/full, with SYNTHETIC factors (SyntheticFactors) for the
     * CF_BENCH_SHARE (1.0) most popular tracks and 1,324 listeners. Then over HTTP when the
     * pipeline runs (CF_BENCH_HTTP=0 skips): that version published as LATEST, two serving
     * instances on free ports beside the pipeline's (one without the listener cache), driven by
     * CfLoadBenchmark.
     */
    private int cf() {
        Path dir = pipeline.dataDir().resolve("bench-cf");
        String share = env("CF_BENCH_SHARE", "1.0");
        String classpath = BenchClasspath.of(pipeline, "serving-layer");
        String model = env("CF_BENCH_MODEL", "");
        if (model.isBlank()) {
            Path full = dir.resolve("full");
            if (!Files.isRegularFile(full.resolve("LATEST"))) {
                pipeline.say(
                        "building the full-catalogue model once (batch job, --sample all --top-k 100) into "
                                + full
                                + " ...");
                int status =
                        new BatchRun(pipeline)
                                .runToLog(
                                        List.of(
                                                "--input",
                                                pipeline.dataset().toString(),
                                                "--output",
                                                "file://" + full,
                                                "--sample",
                                                "all",
                                                "--top-k",
                                                "100",
                                                "--interactions",
                                                "none"),
                                        dir.resolve("full-batch.log"));
                if (status != 0) {
                    throw new IllegalStateException(
                            "batch job failed: " + dir.resolve("full-batch.log"));
                }
            }
            model = dir.resolve("full-cf-" + share).toString();
            if (!Files.isRegularFile(Path.of(model, "LATEST"))) {
                syntheticFactors(classpath, full.toString(), model, share);
            }
        }
        pipeline.say(
                "cf bench, in process, on "
                        + model
                        + " ("
                        + Runtime.getRuntime().availableProcessors()
                        + " cores, load average "
                        + LoadAverage.read()
                        + ")");
        List<String> inProcess =
                new ArrayList<>(
                        List.of(
                                pipeline.java(),
                                "-Xmx2g",
                                "-cp",
                                classpath,
                                "org.lambdamusic.serving.recommend.CfBenchmark",
                                model));
        if (filtered(inProcess, pipeline.env(), line -> true, dir.resolve("in-process.txt"), false)
                != 0) {
            throw new IllegalStateException("CfBenchmark failed");
        }

        int port = pipeline.port(StackDefaults.SERVER_PORT);
        String base = Serving.base(port);
        if (env("CF_BENCH_HTTP", "1").equals("0")
                || HttpJson.get(base + "/actuator/health/readiness").isEmpty()) {
            pipeline.say(
                    "HTTP part skipped (no pipeline ready at "
                            + base
                            + "; ./pipeline up, or CF_BENCH_HTTP=0)");
            return 0;
        }
        requireTool("wrk", "wrk");
        requireTool("hey", "hey");
        String published =
                syntheticFactors(
                        classpath,
                        dir.resolve("full").toString(),
                        "s3://" + pipeline.store().bucket() + "/models",
                        share);
        String version = published.replaceFirst("^published (\\S+) .*$", "$1");
        pipeline.say(
                "published "
                        + version
                        + " (SYNTHETIC factors) as LATEST; waiting for "
                        + base
                        + " to serve it ...");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Serving.modelVersion(port).equals(version)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        base + " did not swap to " + version + " within 60 s");
            }
            sleep(100);
        }
        Serving serving = new Serving(pipeline);
        Map<String, String> instanceEnv = serving.instanceEnv(null);
        List<String> names = List.of("cf-bench-cached", "cf-bench-uncached");
        List<Integer> ports = List.of(Ports.free(), Ports.free());
        List<String> metrics =
                List.of(
                        "--management.metrics.distribution.expiry.http.server.requests=30s",
                        "--management.metrics.distribution.buffer-length.http.server.requests=3");
        try {
            List<SupervisedProcess> instances = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Map<String, String> env = new HashMap<>(instanceEnv);
                if (names.get(i).endsWith("uncached")) {
                    env.put("RECOMMEND_LISTENER_CACHE_SIZE", "0");
                }
                truncate(pipeline.supervisor().logOf(names.get(i)));
                instances.add(
                        pipeline.supervisor()
                                .spawn(serving.spec(names.get(i), ports.get(i), env, metrics)));
            }
            for (SupervisedProcess instance : instances) {
                instance.awaitReady(
                        Readiness.http(
                                Serving.base(ports.get(instances.indexOf(instance)))
                                        + "/actuator/health/readiness"),
                        Duration.ofSeconds(180));
            }
            String loadCached = Serving.loadMillis(instances.get(0).log());
            String loadUncached = Serving.loadMillis(instances.get(1).log());
            pipeline.say(
                    "bench instances ready: "
                            + Serving.base(ports.get(0))
                            + " (listener cache on, model load "
                            + loadCached
                            + " ms), "
                            + Serving.base(ports.get(1))
                            + " (off, "
                            + loadUncached
                            + " ms)");
            Map<String, String> env = new HashMap<>(pipeline.env());
            env.put("SERVING_BENCH_URL", base);
            env.put("CF_BENCH_CACHED_URL", Serving.base(ports.get(0)));
            env.put("CF_BENCH_UNCACHED_URL", Serving.base(ports.get(1)));
            env.put("BENCH_DIR", dir.toString());
            env.put(
                    "BENCH_WRK_SCRIPTS",
                    pipeline.repoRoot().resolve("serving-layer/src/bench/wrk").toString());
            env.put("CF_BENCH_VERSION", version);
            env.put("CF_BENCH_SHARE", share);
            env.put("CF_BENCH_LOAD_MS", loadCached + " / " + loadUncached);
            return java(
                    "cf-bench-driver",
                    List.of("-Xmx256m"),
                    classpath,
                    "org.lambdamusic.serving.bench.CfLoadBenchmark",
                    List.of(),
                    env);
        } finally {
            pipeline.supervisor().stopAll(Duration.ofSeconds(30), names);
        }
    }

    /** SyntheticFactors from a version or root to a target: its "published ..." line. */
    private String syntheticFactors(String classpath, String from, String to, String share) {
        List<String> command =
                List.of(
                        pipeline.java(),
                        "-Xmx2g",
                        "-cp",
                        classpath,
                        "org.lambdamusic.serving.model.SyntheticFactors",
                        from,
                        to,
                        share);
        List<String> published = new ArrayList<>();
        int status =
                filtered(
                        command,
                        pipeline.env(),
                        line -> {
                            if (line.startsWith("published")) {
                                published.add(line);
                                return true;
                            }
                            return false;
                        },
                        null,
                        false);
        if (status != 0 || published.isEmpty()) {
            throw new IllegalStateException("SyntheticFactors failed (" + from + " -> " + to + ")");
        }
        return published.get(published.size() - 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * ./pipeline bench retrain: RetrainBenchmark (serving-layer/src/bench): POST /api/admin/retrain
     * to the new version served, against the running pipeline. BENCH_RETRAIN_RUNS (1).
     */
    private int retrain() {
        String classpath = BenchClasspath.of(pipeline, "serving-layer");
        Map<String, String> env = new HashMap<>(pipeline.env());
        if (env("ADMIN_PASSWORD", "").isBlank()) {
            Path file = Secrets.adminPasswordFile(pipeline);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(
                        "no admin password: set ADMIN_PASSWORD or run ./pipeline up (writes "
                                + file
                                + ")");
            }
            env.put("ADMIN_PASSWORD", Secrets.read(file, 18).value());
        }
        env.put("SERVING_BENCH_URL", Serving.base(pipeline.port(StackDefaults.SERVER_PORT)));
        return java(
                "retrain-bench",
                List.of("-Xmx256m"),
                classpath,
                "org.lambdamusic.serving.bench.RetrainBenchmark",
                List.of(),
                env);
    }

    /**
     * PIPELINE_MODE=cluster ./pipeline bench cluster-speed: SpeedBenchmark against cluster mode's
     * Kafka (3 nodes) with the job on the Flink session cluster, once per parallelism in
     * CLUSTER_BENCH_PARALLELISM ("1 2 3"), each round on a fresh store, Kafka cluster and Flink
     * cluster under var/bench-cluster-speed/p<N> on cluster mode's ports (so the cluster pipeline
     * must be down), stopped after, only the round's logs kept. BENCH_EVENTS here 500000,
     * BENCH_LATENCY_SECONDS 10. The CPU line of its table is the client JVM's.
     */
    private int clusterSpeed() {
        if (!pipeline.cluster()) {
            throw new IllegalArgumentException(
                    "usage: PIPELINE_MODE=cluster ./pipeline bench cluster-speed");
        }
        String classpath = BenchClasspath.of(pipeline, "speed-layer");
        Path root = pipeline.repoRoot().resolve("var/bench-cluster-speed");
        Path jar = pipeline.repoRoot().resolve("speed-layer/target/speed-layer-0.1.0-SNAPSHOT.jar");
        pipeline.rebuildJarIfStale("speed-layer");
        // A private copy of the classes and the jar: a teammate's build in the shared tree must
        // not pull them from under a round.
        Path snapshot = fresh(root.resolve("classpath"));
        Path module = pipeline.repoRoot().resolve("speed-layer/target");
        copyTree(module.resolve("classes"), snapshot.resolve("classes"));
        copyTree(module.resolve("test-classes"), snapshot.resolve("test-classes"));
        Path privateJar = snapshot.resolve("speed-layer.jar");
        copy(jar, privateJar);
        String privateClasspath =
                classpath
                        .replace(
                                module.resolve("classes").toString(),
                                snapshot.resolve("classes").toString())
                        .replace(
                                module.resolve("test-classes").toString(),
                                snapshot.resolve("test-classes").toString());
        int failures = 0;
        for (String parallelism : env("CLUSTER_BENCH_PARALLELISM", "1 2 3").split("\\s+")) {
            Path dir = fresh(root.resolve("p" + parallelism));
            Map<String, String> roundEnv = new HashMap<>(pipeline.env());
            roundEnv.put("PIPELINE_DATA", dir.toString());
            roundEnv.put("SPEED_STATE_DIR", dir.resolve("flink").toString());
            Pipeline round = new Pipeline(pipeline.repoRoot(), roundEnv, pipeline.progress());
            ClusterMode stack = new ClusterMode(round);
            try {
                long started = System.nanoTime();
                pipeline.say(
                        "cluster speed bench, parallelism "
                                + parallelism
                                + ": fresh object store, 3 Kafka nodes and Flink session cluster under "
                                + dir);
                new Infrastructure(round).objectStoreUp();
                new Infrastructure(round).kafkaClusterUp();
                FlinkSession flink = new FlinkSession(round);
                flink.up();
                pipeline.say(
                        "infrastructure up in "
                                + (System.nanoTime() - started) / 1_000_000_000
                                + "s; load average "
                                + LoadAverage.read());
                Map<String, String> env = new HashMap<>(round.env());
                env.put("SPEED_FLINK_REST", "127.0.0.1:" + flink.restPort());
                // The job's CPU is its TaskManagers' (and the JobManager's): the bench reads /proc.
                List<String> daemons = new ArrayList<>(FlinkSession.taskManagers());
                daemons.add(FlinkSession.JOBMANAGER);
                env.put(
                        "BENCH_JOB_PIDS",
                        String.join(
                                ",",
                                daemons.stream()
                                        .map(
                                                d ->
                                                        round.supervisor()
                                                                .find(d)
                                                                .map(p -> Long.toString(p.pid()))
                                                                .orElse(""))
                                        .toList()));
                env.put("SPEED_FLINK_JAR", privateJar.toString());
                env.put("FLINK_PARALLELISM", parallelism);
                env.putIfAbsent("BENCH_EVENTS", "500000");
                // Each round is a fresh cluster: the figures include the JIT's warm-up, as they
                // always have in this mode (three rounds of a warm-up backlog would double the
                // run).
                env.putIfAbsent("BENCH_WARMUP_EVENTS", "0");
                env.putIfAbsent("BENCH_LATENCY_SECONDS", "10");
                env.putIfAbsent("BENCH_CATALOG", pipeline.dataset().toString());
                List<String> command = new ArrayList<>(List.of(pipeline.java()));
                command.addAll(jvm("SPEED_BENCH_JAVA_OPTS", "-Xmx1g"));
                command.addAll(
                        List.of(
                                "-Dlog4j2.configurationFile=log4j2.properties",
                                "-cp",
                                privateClasspath,
                                "org.lambdamusic.speed.bench.SpeedBenchmark"));
                Pattern figures = Pattern.compile("^\\||bench (produced|bare|job|backlog)");
                if (filtered(
                                command,
                                env,
                                line -> figures.matcher(line).find(),
                                dir.resolve("bench.log"))
                        != 0) {
                    throw new IllegalStateException("SpeedBenchmark failed");
                }
                pipeline.say("load average after: " + LoadAverage.read());
            } catch (RuntimeException e) {
                failures++;
                pipeline.say(
                        "round with parallelism "
                                + parallelism
                                + " failed (log: "
                                + dir.resolve("bench.log")
                                + "): "
                                + e.getMessage());
            } finally {
                List<String> flinkProcesses = new ArrayList<>(FlinkSession.taskManagers());
                flinkProcesses.add(FlinkSession.JOBMANAGER);
                stack.stopAll(30, flinkProcesses);
                stack.stopAll(30, Infrastructure.kafkaNodes());
                stack.stopAll(10, List.of(Infrastructure.S3));
                // Keep only the round's logs: the data of 500,000 events replicated 3 times, the
                // archive and the checkpoints take ~1.5 GB a round.
                try (Stream<Path> entries = Files.list(dir)) {
                    for (Path entry :
                            entries.filter(
                                            p ->
                                                    !p.getFileName().toString().equals("bench.log")
                                                            && !p.getFileName()
                                                                    .toString()
                                                                    .equals("log"))
                                    .toList()) {
                        deleteTree(entry);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }

    /** Runs a benchmark program in its own JVM, output on the terminal; its exit code. */
    private int java(
            String name,
            List<String> jvm,
            String classpath,
            String main,
            List<String> args,
            Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of(pipeline.java()));
        command.addAll(jvm);
        command.addAll(List.of("-cp", classpath, main));
        command.addAll(args);
        return Supervisor.runAttached(ProcessSpec.of(name, command).withEnv(env));
    }

    /**
     * Runs a command printing only the lines {@code keep} accepts, every line into {@code log} when
     * given (a tee); its exit code.
     */
    private int filtered(
            List<String> command, Map<String, String> env, Predicate<String> keep, Path log) {
        return filtered(command, env, keep, log, true);
    }

    /** As above; without {@code withStderr} the program's stderr (its logging) is dropped. */
    private int filtered(
            List<String> command,
            Map<String, String> env,
            Predicate<String> keep,
            Path log,
            boolean withStderr) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (withStderr) {
                builder.redirectErrorStream(true);
            } else {
                builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            }
            builder.environment().putAll(env);
            Process process = builder.start();
            try (BufferedReader lines =
                            new BufferedReader(
                                    new InputStreamReader(
                                            process.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter tee =
                            log == null
                                    ? null
                                    : new PrintWriter(Files.newBufferedWriter(createParent(log)))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (tee != null) {
                        tee.println(line);
                    }
                    if (keep.test(line)) {
                        System.out.println(line);
                    }
                }
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static Path createParent(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return file;
    }

    private static void requireTool(String tool, String debianPackage) {
        boolean found =
                tool.startsWith("/")
                        ? Files.isExecutable(Path.of(tool))
                        : Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
        if (!found) {
            throw new IllegalStateException(
                    tool + " is needed (Debian: apt-get install -y " + debianPackage + ")");
        }
    }

    static Path fresh(Path dir) {
        deleteTree(dir);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void truncate(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
