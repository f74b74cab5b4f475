package org.lambdamusic.clustertests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Proves: the embedded stack ({@code ./pipeline up} in its default mode: s3proxy, one Kafka broker,
 * the speed job on a MiniCluster, the serving layer) listens on loopback only, the serving port
 * apart: the speed job's Flink BLOB server, RPC and data ports included. Runs first, before the
 * cluster (which takes the same fixed ports) starts, and stops the stack again.
 */
@Order(-1)
class EmbeddedLoopbackListenersTest {
    private static final int SERVING_PORT = 8080;

    @Test
    void everyListenerButTheServingPortIsOnLoopback() {
        ClusterPipeline embedded = ClusterPipeline.embeddedFromSystemProperties();
        try {
            embedded.up();
            Map<String, Long> processes = embedded.processes();
            List<ListeningSockets.Listener> all = ListeningSockets.of(processes);
            System.out.printf(
                    "LOOPBACK embedded: %d processes, %d listening sockets: %s%n",
                    processes.size(), all.size(), all);
            assertThat(processes).containsKeys("speed", "serving");
            assertThat(all)
                    .as("the speed job's listeners")
                    .anyMatch(l -> l.process().equals("speed"));
            assertThat(ListeningSockets.beyondLoopback(processes, Set.of(SERVING_PORT)))
                    .as("listeners reachable from other hosts (only the serving port may be)")
                    .isEmpty();
        } finally {
            embedded.down();
        }
    }
}
