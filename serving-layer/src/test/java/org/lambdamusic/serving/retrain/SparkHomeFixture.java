package org.lambdamusic.serving.retrain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.lambdamusic.serving.e2e.BatchJobProcess;

/**
 * The Spark home SparkLauncher needs, made as {@code ./pipeline up} makes it (local-stack
 * SparkHome): {@code jars/} links to the packaged batch layer's dependency jars, {@code
 * bin/spark-submit} execs SparkSubmit from them.
 */
final class SparkHomeFixture {
    private SparkHomeFixture() {}

    static Path batchRoot() {
        return Path.of(System.getProperty("repo.root", "..")).resolve("batch-layer/target");
    }

    static Path appJar() {
        return batchRoot().resolve("batch-layer-0.1.0-SNAPSHOT.jar");
    }

    static boolean available() {
        return BatchJobProcess.available();
    }

    static Path create(Path home) {
        try {
            Files.createDirectories(home.resolve("jars"));
            Files.createDirectories(home.resolve("bin"));
            try (DirectoryStream<Path> jars =
                    Files.newDirectoryStream(batchRoot().resolve("lib"), "*.jar")) {
                for (Path jar : jars) {
                    Files.createSymbolicLink(
                            home.resolve("jars").resolve(jar.getFileName()), jar.toAbsolutePath());
                }
            }
            Path submit = home.resolve("bin/spark-submit");
            Files.writeString(
                    submit,
                    String.join(
                            "\n",
                            "#!/usr/bin/env sh",
                            "home=\"$(cd \"$(dirname \"$0\")/..\" && pwd)\"",
                            "exec \"${JAVA_HOME:+$JAVA_HOME/bin/}java\" $SPARK_SUBMIT_OPTS -cp"
                                    + " \"$home/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"",
                            ""));
            Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
