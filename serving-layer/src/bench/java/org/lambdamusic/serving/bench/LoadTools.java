package org.lambdamusic.serving.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The load generators the serving benchmarks drive ({@code wrk} for throughput, {@code hey} for a
 * fixed rate) and how they run: each one's output kept in a file of the benchmark's folder.
 */
final class LoadTools {
    /** hey's concurrent workers; the rate is split evenly among them. */
    static final int HEY_WORKERS = 20;

    private LoadTools() {}

    /**
     * {@code hey} POSTing {@code body} to {@code url} at {@code rate} req/s for {@code duration}.
     */
    static List<String> heyFixedRate(String duration, int rate, String body, String url) {
        return List.of(
                "hey",
                "-z",
                duration,
                "-c",
                Integer.toString(HEY_WORKERS),
                "-q",
                Integer.toString(rate / HEY_WORKERS),
                "-m",
                "POST",
                "-T",
                "application/json",
                "-d",
                body,
                url);
    }

    /** {@code wrk} with a Lua script, as many threads and connections, for {@code length}. */
    static List<String> wrk(
            String threads, String connections, String length, Path script, String url) {
        return List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + length,
                "--timeout",
                "5s",
                "-s",
                script.toString(),
                url);
    }

    /**
     * Runs a command with {@code extraEnv}, its output into {@code dir/output} (stderr too unless
     * {@code dropStderr}); that output, or an exception with it when the command fails.
     */
    static String run(
            Path dir,
            String output,
            List<String> command,
            Map<String, String> extraEnv,
            boolean dropStderr)
            throws IOException, InterruptedException {
        Path file = dir.resolve(output);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(file.toFile());
        if (dropStderr) {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            builder.redirectErrorStream(true);
        }
        builder.environment().putAll(extraEnv);
        int status = builder.start().waitFor();
        String text = Files.readString(file);
        if (status != 0) {
            throw new IllegalStateException(command.get(0) + " exited " + status + ":\n" + text);
        }
        return text;
    }
}
