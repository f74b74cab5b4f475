package org.lambdamusic.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalStackCliTest {

    @Test
    void unknownServerIsAOneLineErrorAndExitOne() {
        StringWriter err = new StringWriter();
        var cli = LocalStackCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("start", "redis", "--data", "/tmp/x");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("pipeline: error: ")
                .contains("redis")
                .contains("s3, kafka");
    }

    @Test
    void startNeedsADataDirectory() {
        StringWriter err = new StringWriter();
        var cli = LocalStackCli.commandLine();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("start", "s3")).isEqualTo(1);
        assertThat(err.toString()).contains("Missing required option: '--data=DIR'");
    }

    @ParameterizedTest
    @CsvSource({
        "2, 'pipeline: error: no cluster under '",
        "4, '--node must be between 1 and 3, not 4'"
    })
    void restartingOneNodeNeedsAStartedClusterAndANodeOfIt(
            String node, String error, @TempDir Path empty) {
        StringWriter err = new StringWriter();
        var cli = LocalStackCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit =
                cli.execute(
                        "start",
                        "kafka",
                        "--nodes",
                        "3",
                        "--node",
                        node,
                        "--data",
                        empty.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("pipeline: error: ").contains(error);
    }

    @Test
    void helpListsTheCommands() {
        StringWriter out = new StringWriter();
        var cli = LocalStackCli.commandLine();
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("start").contains("topics");
    }
}
