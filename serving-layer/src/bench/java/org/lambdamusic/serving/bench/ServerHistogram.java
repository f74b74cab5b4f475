package org.lambdamusic.serving.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's latency histogram of one endpoint between two Prometheus scrapes (the bucket counts
 * of {@code http_server_requests_seconds_bucket}, summed over the other labels): a quantile is the
 * upper bound of the bucket holding it, as Prometheus' histogram_quantile reads it.
 */
record ServerHistogram(TreeMap<Double, Double> cumulative) {
    private static final Pattern BUCKET =
            Pattern.compile(
                    "^http_server_requests_seconds_bucket\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    static ServerHistogram between(String before, String after, String uri, String status) {
        Map<Double, Double> start = buckets(before, uri, status);
        TreeMap<Double, Double> delta = new TreeMap<>();
        buckets(after, uri, status)
                .forEach((le, count) -> delta.put(le, count - start.getOrDefault(le, 0.0)));
        return new ServerHistogram(delta);
    }

    private static Map<Double, Double> buckets(String scrape, String uri, String status) {
        Map<Double, Double> counts = new TreeMap<>();
        Matcher m = BUCKET.matcher(scrape);
        while (m.find()) {
            String labels = m.group(1);
            if (!labels.contains("uri=\"" + uri + "\"")
                    || !labels.contains("status=\"" + status + "\"")) {
                continue;
            }
            Matcher le = LE.matcher(labels);
            if (le.find()) {
                double bound =
                        le.group(1).equals("+Inf")
                                ? Double.POSITIVE_INFINITY
                                : Double.parseDouble(le.group(1));
                counts.merge(bound, Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return counts;
    }

    /** The upper bound (ms) of the first bucket whose count reaches q of all. */
    String quantileMs(double q) {
        if (cumulative.isEmpty()) {
            return "n/a";
        }
        double total = cumulative.lastEntry().getValue();
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= q * total) {
                if (bucket.getKey().isInfinite()) {
                    return "+Inf";
                }
                return String.format(Locale.ROOT, "%.2f", bucket.getKey() * 1000);
            }
        }
        return "n/a";
    }
}
