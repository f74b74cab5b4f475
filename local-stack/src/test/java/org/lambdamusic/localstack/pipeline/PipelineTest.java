package org.lambdamusic.localstack.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.deploy.Setting;
import org.lambdamusic.contracts.deploy.StackDefaults;

/**
 * What every process of a mode gets: the operator's environment, else the defaults of contracts'
 * StackDefaults, the one place they are written (the shell front door restates none of them).
 */
class PipelineTest {
    @TempDir Path checkout;

    private Pipeline pipeline(Map<String, String> env) {
        return new Pipeline(
                checkout, env, new Progress(new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void theEmbeddedDefaults() {
        Pipeline embedded = pipeline(Map.of());

        assertThat(embedded.cluster()).isFalse();
        assertThat(embedded.dataDir()).isEqualTo(checkout.resolve("var"));
        assertThat(embedded.env())
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
                .containsEntry("SECURITY_MODE", "open")
                .containsEntry("SPARK_LOCAL_IP", "127.0.0.1")
                .containsEntry("SPEED_STATE_DIR", checkout.resolve("var/flink").toString())
                .doesNotContainKey("SPEED_STATE_PATH");
        assertThat(embedded.dataset())
                .isEqualTo(
                        checkout.resolve("../shared/datasets/spotify_tracks.csv.gz").normalize());
        assertThat(embedded.port(StackDefaults.SERVER_PORT)).isEqualTo(8080);
        assertThat(embedded.jvmOptions(StackDefaults.SPEED_JAVA_OPTS)).containsExactly("-Xmx1g");
    }

    @Test
    void clusterModesDefaultsAndTheOperatorsValuesWin() {
        Pipeline cluster = pipeline(Map.of("PIPELINE_MODE", "cluster", "S3_BUCKET", "music"));

        assertThat(cluster.dataDir()).isEqualTo(checkout.resolve("var/cluster"));
        assertThat(cluster.env())
                .containsEntry(
                        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096")
                .containsEntry("SECURITY_MODE", "jwt")
                .containsEntry("SPEED_STATE_PATH", "s3://music/speed");
        assertThat(cluster.setting(StackDefaults.FLINK_PARALLELISM)).isEqualTo("3");
        assertThat(cluster.jvmOptions(StackDefaults.SPEED_JAVA_OPTS)).containsExactly("-Xmx512m");

        Path data = checkout.resolve("elsewhere");
        Pipeline set =
                pipeline(
                        Map.of(
                                "PIPELINE_MODE", "cluster",
                                "PIPELINE_DATA", data.toString(),
                                "SECURITY_MODE", "open",
                                "SPEED_STATE_PATH", "file:///mnt/speed",
                                "FLINK_PARALLELISM", "2"));
        assertThat(set.dataDir()).isEqualTo(data);
        assertThat(set.env())
                .containsEntry("SECURITY_MODE", "open")
                .containsEntry("SPEED_STATE_PATH", "file:///mnt/speed");
        assertThat(set.setting(StackDefaults.FLINK_PARALLELISM)).isEqualTo("2");
    }

    @Test
    void anUnknownModeIsRefused() {
        assertThatThrownBy(() -> pipeline(Map.of("PIPELINE_MODE", "swarm")))
                .hasMessage("PIPELINE_MODE must be embedded (default) or cluster, not swarm");
    }

    /**
     * The front door and every script beside it read no setting of StackDefaults with a default.
     */
    @Test
    void noShellRestatesADefault() throws Exception {
        Path root = repoRoot();
        StringBuilder shell = new StringBuilder(Files.readString(root.resolve("pipeline")));
        if (Files.isDirectory(root.resolve("scripts"))) {
            try (Stream<Path> scripts = Files.list(root.resolve("scripts"))) {
                for (Path script : scripts.filter(p -> p.toString().endsWith(".sh")).toList()) {
                    shell.append(Files.readString(script));
                }
            }
        }
        for (Setting setting : StackDefaults.ALL) {
            assertThat(shell.toString())
                    .as("a shell default of %s", setting.variable())
                    .doesNotContain("${" + setting.variable() + ":-")
                    .doesNotContain("${" + setting.variable() + ":=");
        }
    }

    private static Path repoRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pipeline"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found");
    }
}
