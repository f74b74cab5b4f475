package org.lambdamusic.localstack.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lambdamusic.contracts.deploy.StackDefaults;
import org.lambdamusic.localstack.supervisor.ProcessSpec;
import org.lambdamusic.localstack.supervisor.Supervisor;

/**
 * The batch job in a JVM of its own ({@code ./pipeline batch}, the first model of {@code up}), its
 * output on the terminal.
 *
 * <p>AppCDS, on by default ({@code BATCH_CDS=0}: off): the job's ~12,600 classes (Spark, MLlib, the
 * AWS SDK...) are mapped from an archive instead of being parsed and verified at every start
 * (seconds of a ~15 s job). The first complete run with a given job jar and dependency set dumps
 * the archive at exit under {@code <data>/cds/}; later runs map it; a rebuilt jar gets a new one
 * (the name holds a digest of the jar, the dependency list and the JVM) and the old one goes.
 */
final class BatchRun {
    static final String MAIN = "org.lambdamusic.batch.BatchJobMain";

    /** A run that stopped early (--help, --if-absent with a LATEST) loaded far fewer classes. */
    private static final long COMPLETE_ARCHIVE_BYTES = 60_000_000L;

    private final Pipeline pipeline;

    BatchRun(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    String classpath() {
        return pipeline.moduleJar("batch-layer") + ":" + pipeline.moduleLib("batch-layer");
    }

    /** Runs BatchJobMain with its output into a log (a benchmark's model); its exit code. */
    int runToLog(List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(pipeline.java());
        command.addAll(pipeline.jvmOptions(StackDefaults.BATCH_JAVA_OPTS));
        command.addAll(List.of("-cp", classpath(), MAIN));
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
            builder.environment().putAll(pipeline.env());
            return builder.start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** Runs BatchJobMain with these arguments; returns its exit code. */
    int run(List<String> args) {
        return run(args, List.of(), Map.of());
    }

    int run(List<String> args, List<String> extraJvmOptions, Map<String, String> extraEnv) {
        boolean cds = !StackDefaults.BATCH_CDS.value(pipeline.env()).equals("0");
        Path archive = cds ? archive() : null;
        Path dump = null;
        List<String> command = new ArrayList<>();
        command.add(pipeline.java());
        command.addAll(pipeline.jvmOptions(StackDefaults.BATCH_JAVA_OPTS));
        command.addAll(extraJvmOptions);
        if (cds) {
            if (Files.isRegularFile(archive) && size(archive) > 0) {
                command.add("-XX:SharedArchiveFile=" + archive);
            } else {
                dump =
                        archive.resolveSibling(
                                archive.getFileName()
                                        + "."
                                        + ProcessHandle.current().pid()
                                        + ".tmp");
                command.add("-XX:ArchiveClassesAtExit=" + dump);
            }
            command.add("-Xlog:cds=off");
            command.add("-Xlog:cds+dynamic=off");
        }
        command.addAll(List.of("-cp", classpath(), MAIN));
        command.addAll(args);
        java.util.Map<String, String> env = new java.util.HashMap<>(pipeline.env());
        env.putAll(extraEnv);
        int status = Supervisor.runAttached(ProcessSpec.of("batch", command).withEnv(env));
        if (dump != null) {
            keepIfComplete(dump, archive, status);
        }
        return status;
    }

    /**
     * The first model: published when the store serves none of the requested sample (the job's
     * {@code --if-absent}), so the serving layer has something to load. In cluster mode it runs on
     * the Spark master, the job jar shipped to the executors with {@code spark.jars}.
     */
    void firstModel(String sparkMaster) {
        String output = "s3://" + pipeline.store().bucket() + "/models";
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--input",
                                pipeline.dataset().toString(),
                                "--output",
                                output,
                                "--sample",
                                pipeline.sample()));
        int status;
        if (sparkMaster == null) {
            pipeline.say(
                    "ensuring a model of sample "
                            + pipeline.sample()
                            + " exists in "
                            + output
                            + " (batch job runs only if LATEST serves another) ...");
            args.add("--if-absent");
            status = run(args);
        } else {
            pipeline.say(
                    "ensuring a model of sample "
                            + pipeline.sample()
                            + " exists in "
                            + output
                            + " (built on "
                            + sparkMaster
                            + " when LATEST serves none) ...");
            args.addAll(List.of("--master", sparkMaster, "--if-absent"));
            status =
                    run(
                            args,
                            List.of("-Dspark.jars=" + pipeline.moduleJar("batch-layer")),
                            Map.of("SPARK_MASTER", sparkMaster));
        }
        if (status != 0) {
            throw new IllegalStateException("the first model's batch job exited " + status);
        }
    }

    private Path archive() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream jar =
                    new DigestInputStream(
                            Files.newInputStream(pipeline.moduleJar("batch-layer")), digest)) {
                jar.transferTo(java.io.OutputStream.nullOutputStream());
            }
            Path lib = pipeline.repoRoot().resolve("batch-layer/target/lib");
            try (Stream<Path> jars = Files.list(lib)) {
                jars.map(p -> p.getFileName().toString())
                        .sorted()
                        .forEach(
                                name ->
                                        digest.update(
                                                (name + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            digest.update(System.getProperty("java.vm.version").getBytes(StandardCharsets.UTF_8));
            String key = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            Path dir = Files.createDirectories(pipeline.dataDir().resolve("cds"));
            return dir.resolve("batch-" + key + ".jsa");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keepIfComplete(Path dump, Path archive, int status) {
        try {
            if (status == 0 && size(dump) > COMPLETE_ARCHIVE_BYTES) {
                try (Stream<Path> old = Files.list(archive.getParent())) {
                    for (Path stale :
                            old.filter(p -> p.getFileName().toString().matches("batch-.*\\.jsa"))
                                    .filter(p -> !p.equals(archive))
                                    .toList()) {
                        Files.deleteIfExists(stale);
                    }
                }
                Files.move(dump, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(dump);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
