package org.lambdamusic.localstack.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.localstack.LocalStackCli;

/** {@code ./pipeline replay lastfm --dry-run} on the fixture, through the real command line. */
class ReplayCommandTest {
    private static final String FIGURES =
            "replay plan events=9 plays=7 likes=2 listeners=3 listeners_with_events=2"
                    + " artists_matched=3/4 rows_matched=3/5 (60.0%)"
                    + " listening_matched=1297/101796 (1.3%) tracks_touched=6"
                    + " recommendable_touched=3 recommendable_events=5"
                    + " max_listener_events=7";

    @TempDir Path models;

    @Test
    void aDryRunPrintsTheFiguresOfAModelRoot() throws Exception {
        ReplayFixture.writeModel(models);

        Run run = run("--catalog", models.toUri().toString(), "--dry-run");

        assertThat(run.exit).isZero();
        assertThat(run.out)
                .contains(
                        "version=" + ReplayFixture.VERSION,
                        "recommendable=3 catalogue=8",
                        "dataset_artists=4 in_catalogue=3",
                        FIGURES,
                        "replay dry run: nothing sent");
    }

    @Test
    void aVersionDirectoryAndTheFirstListenersOnly() throws Exception {
        Path version = ReplayFixture.writeModel(models);

        Run run = run("--catalog", version.toString(), "--users", "1", "--dry-run");

        assertThat(run.exit).isZero();
        assertThat(run.out)
                .contains(
                        "replay plan events=7 plays=6 likes=1 listeners=1 listeners_with_events=1");
    }

    @Test
    void aCatalogThatIsNoModelIsAOneLineError() {
        Run run = run("--catalog", models.toString(), "--dry-run");

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err)
                .startsWith("pipeline: error: --catalog " + models)
                .contains("neither a model version (manifest.json) nor a model root (LATEST)");
    }

    @Test
    void aNegativeRateIsAOneLineError() throws Exception {
        ReplayFixture.writeModel(models);

        Run run = run("--catalog", models.toString(), "--rate", "-5");

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err).isEqualTo("pipeline: error: --rate must be 0 (no limit) or more\n");
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = LocalStackCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = new String[options.length + 4];
        args[0] = "replay";
        args[1] = "lastfm";
        args[2] = "--dataset";
        args[3] = ReplayFixture.datasetDir().toString();
        System.arraycopy(options, 0, args, 4, options.length);
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
