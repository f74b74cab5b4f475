package org.lambdamusic.localstack.supervisor;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Starts, finds, checks and stops the processes of the pipeline, one model for all of them (the
 * object store, Kafka nodes, Spark and Flink daemons, the speed job, serving instances, and the
 * tools they run once). A server gets {@code <data>/run/<name>.pid} and appends to {@code
 * <data>/log/<name>.log}; it outlives this JVM, so a later command finds it through its pid file.
 * Servers run in a session of their own ({@code setsid}), so a Ctrl-C in the terminal that typed
 * {@code ./pipeline up} does not reach them.
 */
public final class Supervisor {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Path runDir;
    private final Path logDir;

    public Supervisor(Path dataDir) {
        Path data = dataDir.toAbsolutePath().normalize();
        this.runDir = data.resolve("run");
        this.logDir = data.resolve("log");
    }

    public Path logOf(String name) {
        return logDir.resolve(name + ".log");
    }

    public Path pidFileOf(String name) {
        return runDir.resolve(name + ".pid");
    }

    /** Starts a server detached (pid file, log) without waiting for it to be ready. */
    public SupervisedProcess spawn(ProcessSpec spec) {
        Path log = logOf(spec.name());
        try {
            Files.createDirectories(runDir);
            Files.createDirectories(logDir);
            long offset = Files.exists(log) ? Files.size(log) : 0;
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(SETSID)) {
                // setsid execs the command in the same process: the pid stays the server's.
                command.add(SETSID.toString());
            }
            command.addAll(spec.command());
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (spec.workingDir() != null) {
                builder.directory(Files.createDirectories(spec.workingDir()).toFile());
            }
            builder.environment().putAll(spec.env());
            Process process = builder.start();
            Files.writeString(pidFileOf(spec.name()), process.pid() + "\n");
            Optional<java.time.Instant> started = process.toHandle().info().startInstant();
            if (started.isPresent()) {
                Files.writeString(startedFileOf(spec.name()), started.get().toEpochMilli() + "\n");
            } else {
                Files.deleteIfExists(startedFileOf(spec.name()));
            }
            return new SupervisedProcess(spec.name(), process.toHandle(), process, log, offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name(), e);
        }
    }

    /** Starts a server and waits until it is ready (see {@link SupervisedProcess#awaitReady}). */
    public SupervisedProcess start(ProcessSpec spec) {
        SupervisedProcess process = spawn(spec);
        process.awaitReady(spec.readiness(), spec.startTimeout());
        return process;
    }

    /**
     * Starts the server unless its pid file names a live process: restarting only what is missing.
     * Returns the process either way; {@code started} says which.
     */
    public Ensured ensure(ProcessSpec spec) {
        Optional<SupervisedProcess> running = find(spec.name());
        if (running.isPresent()) {
            return new Ensured(running.get(), false);
        }
        return new Ensured(start(spec), true);
    }

    /** A server after {@link #ensure}: {@code started} is false when it was already running. */
    public record Ensured(SupervisedProcess process, boolean started) {}

    /** The live process the pid file names, if any. */
    public Optional<SupervisedProcess> find(String name) {
        OptionalLong pid = recordedPid(name);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.getAsLong())
                .filter(ProcessHandle::isAlive)
                .filter(handle -> startedAsRecorded(name, handle))
                .map(handle -> new SupervisedProcess(name, handle, null, logOf(name), 0));
    }

    /**
     * A pid outlives its process: on a busy machine the number of a server that died is soon
     * another's (a build, another checkout's command), which a stop would kill with its whole tree.
     * So the start time is recorded beside the pid ({@code run/<name>.started}, epoch ms; the pid
     * file stays a bare number for the tools that read it) and a process started at another time is
     * not the server. Without the record (a pid file of an older checkout) the pid alone decides.
     */
    private boolean startedAsRecorded(String name, ProcessHandle handle) {
        Path file = startedFileOf(name);
        if (!Files.isRegularFile(file)) {
            return true;
        }
        try {
            long recorded = Long.parseLong(Files.readString(file).trim());
            return handle.info()
                    .startInstant()
                    .map(actual -> Math.abs(actual.toEpochMilli() - recorded) <= 20)
                    .orElse(true);
        } catch (IOException | NumberFormatException e) {
            return true;
        }
    }

    Path startedFileOf(String name) {
        return runDir.resolve(name + ".started");
    }

    public boolean isRunning(String name) {
        return find(name).isPresent();
    }

    /**
     * SIGTERM (SIGKILL after the grace), the process tree, pid file removed; false if not running.
     */
    public boolean stop(String name, Duration grace) {
        Optional<SupervisedProcess> running = find(name);
        boolean stopped = running.map(p -> p.stop(grace)).orElse(false);
        deletePidFile(name);
        return stopped;
    }

    /**
     * Stops the named servers all at once (a Kafka quorum stopped one by one would leave the last
     * node waiting for the others); returns those that were running.
     */
    public List<String> stopAll(Duration grace, List<String> names) {
        List<CompletableFuture<Boolean>> stops = new ArrayList<>();
        for (String name : names) {
            stops.add(CompletableFuture.supplyAsync(() -> stop(name, grace)));
        }
        List<String> stopped = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (stops.get(i).join()) {
                stopped.add(names.get(i));
            }
        }
        return stopped;
    }

    /**
     * Waits until {@code readiness} holds for a group started together (a master and its workers):
     * fails with the log's tail of the first member that exits, or after the timeout.
     */
    public void awaitGroup(
            String what, List<String> members, Readiness readiness, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!readiness.check(null, 0)) {
            for (String member : members) {
                if (!isRunning(member)) {
                    throw new IllegalStateException(
                            member
                                    + " exited during start (log "
                                    + logOf(member)
                                    + "):\n"
                                    + SupervisedProcess.tail(logOf(member), 30));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        what
                                + " not ready after "
                                + SupervisedProcess.seconds(timeout)
                                + " s (waited for "
                                + readiness.describe()
                                + "; log "
                                + logOf(members.get(0))
                                + ")");
            }
            SupervisedProcess.sleep(500);
        }
    }

    /** What {@code ./pipeline status} shows of one process. */
    public ProcessStatus status(String name) {
        return find(name)
                .map(p -> new ProcessStatus(name, OptionalLong.of(p.pid()), logOf(name)))
                .orElseGet(() -> new ProcessStatus(name, OptionalLong.empty(), logOf(name)));
    }

    /**
     * Runs a tool to completion with its output in its log (no pid file): fails with the log's tail
     * unless it exits 0 within the timeout.
     */
    public void runToCompletion(ProcessSpec spec, Duration timeout) {
        Path log = logOf(spec.name());
        try {
            Files.createDirectories(logDir);
            ProcessBuilder builder =
                    new ProcessBuilder(spec.command())
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (spec.workingDir() != null) {
                builder.directory(spec.workingDir().toFile());
            }
            builder.environment().putAll(spec.env());
            Process process = builder.start();
            SupervisedProcess tool =
                    new SupervisedProcess(spec.name(), process.toHandle(), process, log, 0);
            if (!tool.awaitExit(timeout)) {
                tool.kill();
                throw new IllegalStateException(
                        spec.name()
                                + " did not finish in "
                                + timeout.toSeconds()
                                + " s (log "
                                + log
                                + "):\n"
                                + tool.tail(30));
            }
            int code = process.exitValue();
            if (code != 0) {
                throw new IllegalStateException(
                        spec.name()
                                + " failed with code "
                                + code
                                + " (log "
                                + log
                                + "):\n"
                                + tool.tail(30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + spec.name(), e);
        }
    }

    /**
     * Runs a command in the foreground, its output on this terminal (a batch run, a token): returns
     * its exit code.
     */
    public static int runAttached(ProcessSpec spec) {
        try {
            ProcessBuilder builder = new ProcessBuilder(spec.command()).inheritIO();
            if (spec.workingDir() != null) {
                builder.directory(spec.workingDir().toFile());
            }
            builder.environment().putAll(spec.env());
            Process process = builder.start();
            // Ctrl-C reaches the child through the terminal; wait for it either way.
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    process.destroy();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + spec.command().get(0), e);
        }
    }

    private OptionalLong recordedPid(String name) {
        Path file = pidFileOf(name);
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        try {
            String text = Files.readString(file).trim();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private void deletePidFile(String name) {
        try {
            Files.deleteIfExists(startedFileOf(name));
            Files.deleteIfExists(pidFileOf(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
