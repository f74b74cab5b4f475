package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded job's MiniCluster (no SPEED_FLINK_REST) listens for REST on loopback only: the
 * environment's configuration says so, and a MiniCluster started from that very configuration
 * answers on 127.0.0.1 and refuses a connection to the same port on this host's other addresses.
 */
class LocalRestBindTest {
    @TempDir Path stateDir;

    @Test
    void theEmbeddedMiniClustersRestEndpointListensOnLoopbackOnly() throws Exception {
        SpeedSettings settings = SpeedSettings.from(Map.of("SPEED_STATE_DIR", stateDir.toString()));
        StreamExecutionEnvironment env =
                SpeedLayerEnvironment.create(settings, Optional.empty(), Map.of());
        Configuration config = Configuration.fromMap(env.getConfiguration().toMap());
        assertThat(config.get(RestOptions.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(config.get(RestOptions.ADDRESS)).isEqualTo("127.0.0.1");

        config.set(RestOptions.BIND_PORT, "0");
        try (MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(config)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(1)
                                .build())) {
            cluster.start();
            URI rest = cluster.getRestAddress().get();
            assertThat(rest.getHost()).isEqualTo("127.0.0.1");
            try (Socket ok = new Socket()) {
                ok.connect(new InetSocketAddress("127.0.0.1", rest.getPort()), 2000);
            }
            for (InetAddress other : otherAddresses()) {
                assertThatThrownBy(
                                () -> {
                                    try (Socket refused = new Socket()) {
                                        refused.connect(
                                                new InetSocketAddress(other, rest.getPort()), 2000);
                                    }
                                })
                        .as("REST port %d on %s", rest.getPort(), other)
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void aSessionClustersEnvironmentIsLeftAlone() throws Exception {
        Path jar = stateDir.resolve("job.jar");
        try (JarOutputStream empty = new JarOutputStream(Files.newOutputStream(jar))) {
            empty.putNextEntry(new ZipEntry("META-INF/"));
        }
        SpeedSettings settings = SpeedSettings.from(Map.of("SPEED_STATE_DIR", stateDir.toString()));
        StreamExecutionEnvironment env =
                SpeedLayerEnvironment.create(
                        settings,
                        Optional.empty(),
                        Map.of(
                                SpeedLayerEnvironment.FLINK_REST,
                                "flink-jobmanager:8081",
                                SpeedLayerEnvironment.FLINK_JAR,
                                jar.toString()));
        assertThat(env.getConfiguration().toMap()).doesNotContainKey("rest.bind-address");
    }

    /** This host's IPv4 addresses other than loopback (none in some sandboxes). */
    private static Iterable<InetAddress> otherAddresses() throws Exception {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .toList();
    }
}
