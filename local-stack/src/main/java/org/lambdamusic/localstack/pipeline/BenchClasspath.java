package org.lambdamusic.localstack.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * A module's benchmarks live in {@code src/bench/java}, a test source root: they call the layer's
 * own code but never ship in its jar. They run from the module's test class path ({@code
 * target/classes}, {@code target/test-classes} and Maven's test-scope dependency list, written to
 * {@code target/bench-classpath.txt}), compiled again (offline, with the modules it depends on, so
 * an older contracts jar installed in ~/.m2 never shadows this checkout's) when a source of it or
 * of contracts, or its pom, is newer than that list: the figures are always those of the working
 * tree.
 */
final class BenchClasspath {
    private BenchClasspath() {}

    static String of(Pipeline pipeline, String module) {
        Path dir = pipeline.repoRoot().resolve(module);
        Path deps = dir.resolve("target/bench-classpath.txt");
        if (stale(dir, deps) || stale(pipeline.repoRoot().resolve("contracts"), deps)) {
            pipeline.say(
                    "compiling the "
                            + module
                            + " benchmarks (mvn -o -pl contracts,"
                            + module
                            + " -am test-compile) ...");
            // Every module of the reactor writes the list to the same file; the benchmark's module
            // is built last, so its list is the one left.
            int status =
                    pipeline.mavenOffline(
                            List.of(
                                    "-pl",
                                    "contracts," + module,
                                    "-am",
                                    "test-compile",
                                    "dependency:build-classpath",
                                    "-Dmdep.includeScope=test",
                                    "-Dmdep.outputFile=" + deps));
            if (status != 0) {
                throw new IllegalStateException("the " + module + " benchmarks did not compile");
            }
            touch(deps);
        }
        try {
            return dir.resolve("target/classes")
                    + ":"
                    + dir.resolve("target/test-classes")
                    + ":"
                    + Files.readString(deps).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean stale(Path module, Path deps) {
        if (!Files.isRegularFile(deps)
                || !Files.isDirectory(module.resolve("target/test-classes"))) {
            return true;
        }
        try (Stream<Path> sources = Files.walk(module.resolve("src"))) {
            FileTime built = Files.getLastModifiedTime(deps);
            return Files.getLastModifiedTime(module.resolve("pom.xml")).compareTo(built) > 0
                    || sources.filter(Files::isRegularFile)
                            .anyMatch(p -> modified(p).compareTo(built) > 0);
        } catch (IOException e) {
            return true;
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MAX_VALUE);
        }
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
