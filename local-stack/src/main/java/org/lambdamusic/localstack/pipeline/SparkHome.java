package org.lambdamusic.localstack.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The Spark home that the serving layer's SparkLauncher and cluster mode's Spark workers need
 * (ARCHITECTURE.md, "Verified on this machine"): {@code jars/} links to the batch layer's
 * dependency jars, {@code bin/spark-submit} runs Spark's own SparkSubmit from them. Remade at every
 * start, so a rebuilt batch layer is picked up.
 */
final class SparkHome {
    /** A shell script because SparkLauncher execs {@code bin/spark-submit}; it only execs a JVM. */
    private static final String SPARK_SUBMIT =
            """
            #!/usr/bin/env sh
            # spark-submit without a Spark distribution, for SparkLauncher (written by ./pipeline): Spark's own
            # SparkSubmit from the batch layer's jars. SPARK_SUBMIT_OPTS: JVM flags of the driver (heap).
            home="$(cd "$(dirname "$0")/.." && pwd)"
            # shellcheck disable=SC2086
            exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" $SPARK_SUBMIT_OPTS -cp "$home/jars/*" org.apache.spark.deploy.SparkSubmit "$@"
            """;

    private SparkHome() {}

    static Path prepare(Pipeline pipeline) {
        Path home = pipeline.dataDir().resolve("spark-home");
        Path lib = pipeline.repoRoot().resolve("batch-layer/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("missing " + lib + "; build with: ./pipeline build");
        }
        try {
            Path jars = Files.createDirectories(home.resolve("jars"));
            Path bin = Files.createDirectories(home.resolve("bin"));
            try (Stream<Path> links = Files.list(jars)) {
                for (Path link : links.filter(Files::isSymbolicLink).toList()) {
                    Files.delete(link);
                }
            }
            try (Stream<Path> deps = Files.list(lib)) {
                for (Path jar : deps.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
                }
            }
            Path submit = bin.resolve("spark-submit");
            Files.writeString(submit, SPARK_SUBMIT);
            Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }
}
