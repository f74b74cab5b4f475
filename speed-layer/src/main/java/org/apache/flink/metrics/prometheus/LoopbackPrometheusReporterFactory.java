package org.apache.flink.metrics.prometheus;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

/**
 * Creates the {@link LoopbackPrometheusReporter}. Configured like Flink's own Prometheus reporter,
 * {@code metrics.reporter.<name>.factory.class} naming this class, plus {@code host} (default
 * 127.0.0.1): {@code metrics.reporter.prom.port: 9249-9259} takes the first free port of the range.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {
    public static final String HOST = "host";
    public static final String PORT = "port";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new LoopbackPrometheusReporter(
                properties.getProperty(HOST, "127.0.0.1"),
                new PortRange(properties.getProperty(PORT, "9249")));
    }
}
