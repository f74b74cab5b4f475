package org.lambdamusic.contracts.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.config.ObjectStoreSettings;

class FlinkSessionConfigTest {

    private static FlinkSessionConfig onOneHost(String taskHeap) {
        return new FlinkSessionConfig(
                "127.0.0.1",
                "127.0.0.1",
                "127.0.0.1",
                8081,
                2,
                taskHeap,
                "/data/flink-tmp",
                "s3://recommender/speed",
                ObjectStoreSettings.from(Map.of()),
                false,
                "9249-9259");
    }

    @Test
    void theTaskManagersJvmFollowsItsMemoryComponents() {
        // Framework heap 128m + task heap; direct = framework off-heap 128m + network 64m.
        assertThat(onOneHost("512m").taskManagerJvmOptions())
                .containsExactly(
                        "-Xms640m",
                        "-Xmx640m",
                        "-XX:MaxDirectMemorySize=192m",
                        "-XX:MaxMetaspaceSize=256m");
        assertThat(onOneHost("768m").taskManagerJvmOptions()).startsWith("-Xms896m", "-Xmx896m");
        assertThat(onOneHost("1g").taskManagerJvmOptions()).startsWith("-Xms1152m");
        assertThatThrownBy(() -> onOneHost("lots").taskManagerJvmOptions())
                .hasMessageContaining("FLINK_TASKMANAGER_TASK_HEAP");
    }

    @Test
    void snapshotsGoWhereTheSpeedJobLooksAndEveryListenerOnTheBindHost() {
        String yaml = onOneHost("512m").configYaml();

        assertThat(yaml)
                .contains("state.checkpoints.dir: \"s3://recommender/speed/checkpoints\"\n")
                .contains("state.savepoints.dir: \"s3://recommender/speed/savepoints\"\n")
                .contains("jobmanager.bind-host: 127.0.0.1\n")
                .contains("taskmanager.bind-host: 127.0.0.1\n")
                .contains("rest.bind-address: 127.0.0.1\n")
                .contains("taskmanager.memory.task.heap.size: 512m\n")
                .contains("s3.secret-key: \"recommender-secret\"\n")
                .doesNotContain("blob.server.port")
                .contains("metrics.reporter.prom.host: 127.0.0.1\n")
                .contains("metrics.reporter.prom.port: 9249-9259\n");
    }

    @Test
    void aContainerBindsEverywhereWithFixedPortsAndTheBucketsStatePath() {
        FlinkSessionConfig config =
                FlinkSessionConfig.forContainer(
                        Map.of("S3_BUCKET", "music", "FLINK_TASKMANAGER_TASK_HEAP", "768m"),
                        "10.0.0.7");

        assertThat(config.statePath()).isEqualTo("s3://music/speed");
        assertThat(config.configYaml())
                .contains("jobmanager.rpc.address: flink-jobmanager\n")
                .contains("taskmanager.host: 10.0.0.7\n")
                .contains("rest.bind-address: 0.0.0.0\n")
                .contains("blob.server.port: 6124\n")
                .contains("taskmanager.numberOfTaskSlots: 2\n")
                .as("no reporter: the image's daemons run without the speed layer's jar")
                .doesNotContain("metrics.reporter");
    }

    @Test
    void aStatePathIsReadAsTheSpeedJobReadsIt() {
        Path work = Path.of("/var/lib/speed");
        assertThat(FlinkSessionConfig.statePath("s3://b/speed/", work)).isEqualTo("s3://b/speed");
        assertThat(FlinkSessionConfig.statePath("/mnt/state", work)).isEqualTo("file:///mnt/state");
        assertThat(FlinkSessionConfig.statePath("state", work))
                .isEqualTo("file:///var/lib/speed/state");
    }

    @Test
    void writesTheConfigReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        onOneHost("512m").writeTo(dir);

        assertThat(Files.getPosixFilePermissions(dir.resolve("config.yaml")))
                .hasSize(2)
                .allMatch(p -> p.name().startsWith("OWNER"));
        assertThat(dir.resolve("log4j2.properties"))
                .hasContent(FlinkSessionConfig.LOG4J2_PROPERTIES.strip());
        assertThat(dir.resolve("taskmanager.jvm-options"))
                .hasContent(
                        "-Xms640m -Xmx640m -XX:MaxDirectMemorySize=192m -XX:MaxMetaspaceSize=256m");
    }

    @Test
    void clusterModesKafkaNodesAreEveryOtherPortFromTheSingleBrokers() {
        assertThat(StackDefaults.KAFKA_BOOTSTRAP_SERVERS.value(Map.of(), true))
                .isEqualTo("127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096");
        assertThat(StackDefaults.KAFKA_BOOTSTRAP_SERVERS.value(Map.of(), false))
                .isEqualTo("127.0.0.1:9092");
        assertThat(StackDefaults.SERVER_PORT.port(Map.of("SERVER_PORT", "18080"))).isEqualTo(18080);
        assertThatThrownBy(() -> StackDefaults.SERVER_PORT.port(Map.of("SERVER_PORT", "http")))
                .hasMessage("SERVER_PORT must be a port, got 'http'");
    }
}
