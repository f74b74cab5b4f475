package org.lambdamusic.localstack;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the server runtimes that the local-stack build assembles under {@code target/runtime}: the
 * system property {@code localstack.runtime} (set by the build for tests), else the environment
 * variable {@code LOCALSTACK_RUNTIME}, else {@code runtime} beside this module's jar or classes
 * (its {@code target/}: how ./pipeline finds it from any working directory), else the nearest
 * {@code local-stack/target/runtime} above the working directory.
 */
final class Runtimes {
    private Runtimes() {}

    static Path root() {
        String configured =
                System.getProperty("localstack.runtime", System.getenv("LOCALSTACK_RUNTIME"));
        if (configured != null && !configured.isBlank()) {
            return requireDir(Paths.get(configured));
        }
        Path besideCode = Paths.get(codeSourceOf(Runtimes.class)).getParent().resolve("runtime");
        if (Files.isDirectory(besideCode.resolve("kafka"))) {
            return besideCode;
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("local-stack/target/runtime");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "local-stack runtimes not found: build them with `mvn -pl local-stack package`"
                        + " or set LOCALSTACK_RUNTIME");
    }

    /** s3proxy's jar plus the classes of this module (for the object store's launcher). */
    static String s3proxyClasspath() {
        return requireFile(root().resolve("s3proxy/s3proxy.jar"))
                + File.pathSeparator
                + codeSourceOf(Runtimes.class);
    }

    /**
     * Kafka's jars plus the classes of this module and of contracts (for the topic provisioner).
     */
    static String kafkaClasspath() {
        Path kafka = requireDir(root().resolve("kafka"));
        return kafka
                + File.separator
                + "*"
                + File.pathSeparator
                + codeSourceOf(Runtimes.class)
                + File.pathSeparator
                + codeSourceOf(org.lambdamusic.contracts.Topics.class);
    }

    static String javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String codeSourceOf(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path requireDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("local-stack runtime missing: " + dir);
        }
        return dir;
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("local-stack runtime missing: " + file);
        }
        return file;
    }
}
