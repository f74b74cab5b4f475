package org.lambdamusic.serving.bench;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The figures of hey's text report: requests/s, latency quantiles (ms), non-200 answers. */
record HeyReport(String rps, String p50, String p95, String p99, long non200) {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern STATUS =
            Pattern.compile("^\\s*\\[(\\d+)]\\s+(\\d+) responses", Pattern.MULTILINE);

    static HeyReport parse(String report) {
        Matcher rps = RPS.matcher(report);
        long non200 = 0;
        Matcher status = STATUS.matcher(report);
        while (status.find()) {
            if (!status.group(1).equals("200")) {
                non200 += Long.parseLong(status.group(2));
            }
        }
        return new HeyReport(
                rps.find()
                        ? String.format(Locale.ROOT, "%.0f", Double.parseDouble(rps.group(1)))
                        : "n/a",
                quantile(report, 50),
                quantile(report, 95),
                quantile(report, 99),
                non200);
    }

    private static String quantile(String report, int percent) {
        Matcher m = Pattern.compile("\\s" + percent + "% in ([\\d.]+) secs").matcher(report);
        return m.find()
                ? String.format(Locale.ROOT, "%.2f", Double.parseDouble(m.group(1)) * 1000)
                : "n/a";
    }
}
