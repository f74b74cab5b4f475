package org.lambdamusic.localstack.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor against real child processes (sh, sleep, a small Java HTTP server): pid files,
 * logs, readiness and its timeouts, stopping a whole tree, restarting only what is missing, status.
 */
class SupervisorTest {
    @TempDir Path data;
    private Supervisor supervisor;
    private final List<String> started = new java.util.ArrayList<>();

    @BeforeEach
    void create() {
        supervisor = new Supervisor(data);
    }

    @AfterEach
    void stopEverything() {
        supervisor.stopAll(Duration.ofSeconds(2), started);
    }

    private ProcessSpec shell(String name, String script) {
        started.add(name);
        return ProcessSpec.of(name, List.of("sh", "-c", script));
    }

    @Test
    void aStartedServerHasAPidFileALogAndAStatus() throws IOException {
        SupervisedProcess process = supervisor.start(shell("echoer", "echo hello; exec sleep 60"));

        assertThat(Files.readString(data.resolve("run/echoer.pid")).trim())
                .isEqualTo(Long.toString(process.pid()));
        assertThat(supervisor.find("echoer")).map(SupervisedProcess::pid).hasValue(process.pid());
        ProcessStatus status = supervisor.status("echoer");
        assertThat(status.running()).isTrue();
        assertThat(status.pid()).hasValue(process.pid());
        awaitLog("echoer", "hello");

        assertThat(supervisor.stop("echoer", Duration.ofSeconds(5))).isTrue();
        assertThat(process.isAlive()).isFalse();
        assertThat(data.resolve("run/echoer.pid")).doesNotExist();
        assertThat(data.resolve("run/echoer.started")).doesNotExist();
        assertThat(supervisor.status("echoer").running()).isFalse();
        assertThat(supervisor.stop("echoer", Duration.ofSeconds(5)))
                .as("stopping what is not running")
                .isFalse();
    }

    @Test
    void aServerRunsInASessionOfItsOwnSoATerminalsCtrlCMissesIt() throws IOException {
        SupervisedProcess process =
                supervisor.start(
                        shell("detached", "echo up; exec sleep 60")
                                .readyWhen(Readiness.logLine("up"), Duration.ofSeconds(10)));

        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(Long.parseLong(fields[3])).as("session id").isEqualTo(process.pid());
    }

    @Test
    void readyOnALogLineWrittenByThisStartOnly() {
        supervisor.start(
                shell("logger", "echo ready-now; exec sleep 60")
                        .readyWhen(Readiness.logLine("ready-now"), Duration.ofSeconds(10)));
        supervisor.stop("logger", Duration.ofSeconds(5));

        // The same log, a start that never says it: the earlier line must not count.
        ProcessSpec silent =
                shell("logger", "exec sleep 60")
                        .readyWhen(Readiness.logLine("ready-now"), Duration.ofMillis(800));
        assertThatThrownBy(() -> supervisor.start(silent))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("logger not ready after 0.8 s")
                .hasMessageContaining("ready-now");
        assertThat(supervisor.isRunning("logger")).as("stopped after its timeout").isFalse();
    }

    @Test
    void readyOnHttpFromARealJavaServer() throws Exception {
        int port = Ports.free();
        Path source = Paths.get(getClass().getResource("/supervisor/HelloServer.java").toURI());
        started.add("hello");
        ProcessSpec spec =
                ProcessSpec.of(
                                "hello",
                                List.of(
                                        Path.of(System.getProperty("java.home"), "bin", "java")
                                                .toString(),
                                        "-Xmx64m",
                                        source.toString(),
                                        Integer.toString(port),
                                        "300"))
                        .readyWhen(
                                Readiness.http("http://127.0.0.1:" + port + "/"),
                                Duration.ofSeconds(60));

        SupervisedProcess server = supervisor.start(spec);

        assertThat(Ports.isOpen(port)).isTrue();
        assertThat(server.tail(5)).contains("hello server listening");
        assertThat(Readiness.tcpPort(port).check(server.log(), 0)).isTrue();
    }

    @Test
    void aProcessThatDiesDuringStartFailsWithItsExitCodeAndLog() {
        ProcessSpec dying =
                shell("dying", "echo cannot bind; exit 3")
                        .readyWhen(Readiness.tcpPort(Ports.free()), Duration.ofSeconds(10));

        assertThatThrownBy(() -> supervisor.start(dying))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dying exited during start with code 3")
                .hasMessageContaining("cannot bind");
    }

    @Test
    void stopTakesTheWholeTreeEvenWhenTheRootIgnoresSigterm() throws Exception {
        SupervisedProcess root =
                supervisor.start(
                        shell("tree", "trap '' TERM; sleep 300 & sleep 301 & echo forked; wait")
                                .readyWhen(Readiness.logLine("forked"), Duration.ofSeconds(10)));
        awaitChildren(root, 2);
        List<ProcessHandle> children =
                ProcessHandle.of(root.pid()).orElseThrow().descendants().toList();

        long began = System.nanoTime();
        assertThat(supervisor.stop("tree", Duration.ofSeconds(1))).isTrue();

        assertThat(root.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(Duration.ofNanos(System.nanoTime() - began))
                .as("SIGKILL after the grace, not a wait for the sleeps")
                .isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void ensureRestartsOnlyWhatIsMissing() {
        ProcessSpec a = shell("node-a", "exec sleep 60");
        ProcessSpec b = shell("node-b", "exec sleep 60");
        long firstA = supervisor.ensure(a).process().pid();
        long firstB = supervisor.ensure(b).process().pid();

        supervisor.find("node-a").orElseThrow().kill();
        Supervisor.Ensured againA = supervisor.ensure(a);
        Supervisor.Ensured againB = supervisor.ensure(b);

        assertThat(againA.started()).isTrue();
        assertThat(againA.process().pid()).isNotEqualTo(firstA);
        assertThat(againB.started()).isFalse();
        assertThat(againB.process().pid()).isEqualTo(firstB);
    }

    @Test
    void aPidFileOfADeadProcessMeansStopped() throws IOException {
        Process gone = new ProcessBuilder("true").start();
        gone.onExit().join();
        Files.createDirectories(data.resolve("run"));
        Files.writeString(data.resolve("run/ghost.pid"), gone.pid() + "\n");

        assertThat(supervisor.status("ghost").running()).isFalse();
        assertThat(supervisor.ensure(shell("ghost", "exec sleep 60")).started()).isTrue();
    }

    /**
     * The pid of a server that died, now another process's (a build, another checkout's command):
     * not the server, so not stopped, and a start begins a new one.
     */
    @Test
    void aPidReusedByAnotherProcessIsNotTheServer() throws Exception {
        SupervisedProcess server = supervisor.start(shell("reused", "exec sleep 60"));
        server.kill();
        SupervisedProcess.sleep(100);
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            // What the pid file would say had the kernel given the dead server's pid to it.
            Files.writeString(data.resolve("run/reused.pid"), stranger.pid() + "\n");

            assertThat(supervisor.isRunning("reused")).isFalse();
            assertThat(supervisor.stop("reused", Duration.ofSeconds(1))).isFalse();
            assertThat(stranger.isAlive()).as("another's process is never stopped").isTrue();
            assertThat(supervisor.ensure(shell("reused", "exec sleep 60")).started()).isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void stopAllStopsTogetherAndNamesWhatRan() {
        supervisor.start(shell("q-1", "exec sleep 60"));
        supervisor.start(shell("q-2", "exec sleep 60"));

        assertThat(supervisor.stopAll(Duration.ofSeconds(5), List.of("q-1", "q-2", "q-3")))
                .containsExactly("q-1", "q-2");
        assertThat(supervisor.isRunning("q-1") || supervisor.isRunning("q-2")).isFalse();
    }

    @Test
    void aToolThatFailsReportsItsCodeAndLog() {
        ProcessSpec tool = ProcessSpec.of("format", List.of("sh", "-c", "echo disk full; exit 2"));

        assertThatThrownBy(() -> supervisor.runToCompletion(tool, Duration.ofSeconds(10)))
                .hasMessageContaining("format failed with code 2")
                .hasMessageContaining("disk full");
        assertThat(data.resolve("run/format.pid")).doesNotExist();
    }

    @Test
    void theSpecsEnvironmentAndWorkingDirectoryReachTheProcess() throws IOException {
        Path work = data.resolve("work");
        supervisor.start(
                shell("env", "echo \"$GREETING from $(pwd)\"; exec sleep 60")
                        .withEnv(Map.of("GREETING", "hi"))
                        .withWorkingDir(work));

        awaitLog("env", "hi from " + work);
    }

    private void awaitLog(String name, String text) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.readString(supervisor.logOf(name)).contains(text)) {
            assertThat(System.nanoTime()).as("log of %s says %s", name, text).isLessThan(deadline);
            SupervisedProcess.sleep(50);
        }
    }

    private static void awaitChildren(SupervisedProcess root, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(root.pid()).orElseThrow().descendants().count() < count) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            SupervisedProcess.sleep(50);
        }
    }
}
