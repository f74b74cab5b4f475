package org.lambdamusic.localstack.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running process the supervisor knows: started by this JVM (then its exit code is known) or
 * found again through its pid file by a later {@code ./pipeline} command.
 */
public final class SupervisedProcess {
    private final String name;
    private final ProcessHandle handle;
    private final Process child;
    private final Path log;
    private final long logOffset;

    SupervisedProcess(String name, ProcessHandle handle, Process child, Path log, long logOffset) {
        this.name = name;
        this.handle = handle;
        this.child = child;
        this.log = log;
        this.logOffset = logOffset;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return handle.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    /**
     * Waits until {@code readiness} holds. Fails with the log's tail when the process exits first,
     * or stops it and fails when the timeout passes.
     */
    public void awaitReady(Readiness readiness, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!handle.isAlive()) {
                throw new IllegalStateException(
                        name
                                + " exited during start"
                                + exitCode().map(code -> " with code " + code).orElse("")
                                + " (log "
                                + log
                                + "):\n"
                                + tail(30));
            }
            if (readiness.check(log, logOffset)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                stop(Duration.ofSeconds(10));
                throw new IllegalStateException(
                        name
                                + " not ready after "
                                + seconds(timeout)
                                + " s (waited for "
                                + readiness.describe()
                                + "; log "
                                + log
                                + "):\n"
                                + tail(30));
            }
            sleep(100);
        }
    }

    /** The exit code, when this JVM started the process and it has exited. */
    public Optional<Integer> exitCode() {
        return child != null && !child.isAlive()
                ? Optional.of(child.exitValue())
                : Optional.empty();
    }

    /** Waits for the process to end; true when it did within the timeout. */
    public boolean awaitExit(Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (child != null) {
                child.waitFor();
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /**
     * Stops the process and everything it started: SIGTERM, and SIGKILL after the grace period;
     * children it left behind (a shell's, a launcher's) get the same a few seconds later. Returns
     * false when it was not running.
     */
    public boolean stop(Duration grace) {
        if (!handle.isAlive()) {
            return false;
        }
        List<ProcessHandle> descendants = new ArrayList<>(handle.descendants().toList());
        handle.destroy();
        if (!awaitExit(grace)) {
            handle.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
        List<ProcessHandle> left = descendants.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroy);
        for (ProcessHandle orphan : left) {
            if (!waitFor(orphan, Duration.ofSeconds(5))) {
                orphan.destroyForcibly();
                waitFor(orphan, Duration.ofSeconds(5));
            }
        }
        return true;
    }

    /** SIGKILL without shutdown: the crash a restart must survive. */
    public void kill() {
        handle.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** The last lines of the log. */
    public String tail(int lines) {
        return tail(log, lines);
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no log)";
        }
    }

    private static boolean waitFor(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
