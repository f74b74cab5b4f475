package org.lambdamusic.localstack.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the supervisor runs: a named command line with the environment it adds to its own, the
 * folder it runs in, how to tell it is ready, how long to wait for that, and how long it may take
 * to stop after SIGTERM before it gets SIGKILL.
 *
 * @param name names the pid file ({@code run/<name>.pid}) and the log ({@code log/<name>.log})
 * @param env added to (and overriding) the supervisor's own environment
 * @param workingDir null: the supervisor's working directory
 */
public record ProcessSpec(
        String name,
        List<String> command,
        Map<String, String> env,
        Path workingDir,
        Readiness readiness,
        Duration startTimeout,
        Duration stopGrace) {

    public ProcessSpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("process name must be lower-case words: " + name);
        }
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    /** A process with no environment of its own, ready at once, 60 s to start, 30 s to stop. */
    public static ProcessSpec of(String name, List<String> command) {
        return new ProcessSpec(
                name,
                command,
                Map.of(),
                null,
                Readiness.immediately(),
                Duration.ofSeconds(60),
                Duration.ofSeconds(30));
    }

    public ProcessSpec withEnv(Map<String, String> more) {
        java.util.Map<String, String> merged = new java.util.HashMap<>(env);
        merged.putAll(more);
        return new ProcessSpec(
                name, command, merged, workingDir, readiness, startTimeout, stopGrace);
    }

    public ProcessSpec withWorkingDir(Path dir) {
        return new ProcessSpec(name, command, env, dir, readiness, startTimeout, stopGrace);
    }

    public ProcessSpec readyWhen(Readiness check, Duration timeout) {
        return new ProcessSpec(name, command, env, workingDir, check, timeout, stopGrace);
    }

    public ProcessSpec stopGrace(Duration grace) {
        return new ProcessSpec(name, command, env, workingDir, readiness, startTimeout, grace);
    }
}
