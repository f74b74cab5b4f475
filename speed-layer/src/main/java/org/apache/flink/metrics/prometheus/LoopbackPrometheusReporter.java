package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Iterator;
import org.apache.flink.util.PortRange;

/**
 * Flink's Prometheus reporter ({@code flink-metrics-prometheus}, the Flink version the job runs
 * on), serving {@code /metrics} on one address instead of every interface: the speed layer keeps
 * every port it opens on 127.0.0.1 (the cluster tests check each listening socket), and Flink's
 * {@link PrometheusReporter} binds the wildcard address with no option to change it. Everything
 * else (metric names, labels, the registry) is the library's: this class lives in the library's
 * package only because the registry it serves is package-private there.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer server;
    private final int port;

    LoopbackPrometheusReporter(String host, PortRange ports) {
        HTTPServer bound = null;
        int boundPort = -1;
        IOException last = null;
        Iterator<Integer> candidates = ports.getPortsIterator();
        while (bound == null && candidates.hasNext()) {
            int candidate = candidates.next();
            try {
                bound = new HTTPServer(new InetSocketAddress(host, candidate), registry);
                boundPort = candidate;
            } catch (IOException e) {
                last = e; // taken: try the next port of the range
            }
        }
        if (bound == null) {
            throw new IllegalStateException(
                    "no free port for the Prometheus endpoint on " + host + " in " + ports, last);
        }
        this.server = bound;
        this.port = boundPort;
        log.info("speed layer metrics on http://{}:{}/metrics", host, port);
    }

    /** The port it serves on (the first free one of the range). */
    public int getPort() {
        return port;
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }
}
