package org.lambdamusic.clustertests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves: the running cluster (every process {@code PIPELINE_MODE=cluster ./pipeline up} started,
 * with the processes they started: Spark executors) listens on loopback only, the serving
 * instances' ports apart (the one port meant for other hosts). Before any fault, so it sees the
 * cluster as {@code up} left it.
 */
@Order(0)
@ExtendWith(ClusterPipelineExtension.class)
class ClusterLoopbackListenersTest {
    private static final Set<Integer> SERVING_PORTS =
            Set.of(
                    URI.create(ClusterPipeline.SERVING_1).getPort(),
                    URI.create(ClusterPipeline.SERVING_2).getPort());

    @Test
    void everyListenerButTheServingPortsIsOnLoopback(ClusterPipeline cluster) {
        Map<String, Long> processes = cluster.processes();
        List<ListeningSockets.Listener> all = ListeningSockets.of(processes);
        System.out.printf(
                "LOOPBACK cluster: %d processes, %d listening sockets: %s%n",
                processes.size(), all.size(), all);
        assertThat(processes)
                .containsKeys("spark-master", "flink-jobmanager", "serving", "serving-2");
        assertThat(ListeningSockets.beyondLoopback(processes, SERVING_PORTS))
                .as("listeners reachable from other hosts (only the serving ports may be)")
                .isEmpty();
    }
}
