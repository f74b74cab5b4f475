package org.lambdamusic.serving.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The serving benchmark's readers of wrk's, hey's and Prometheus' text, on hand-made outputs. */
class BenchReportsTest {

    private static String scrape(long fast, long medium, long all) {
        String labels =
                "error=\"none\",exception=\"none\",method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/recommend\"";
        return String.join(
                "\n",
                "# TYPE http_server_requests_seconds histogram",
                "http_server_requests_seconds_bucket{" + labels + ",le=\"0.001\"} " + fast,
                "http_server_requests_seconds_bucket{" + labels + ",le=\"0.005\"} " + medium,
                "http_server_requests_seconds_bucket{" + labels + ",le=\"+Inf\"} " + all,
                // Another endpoint and another status: not counted.
                "http_server_requests_seconds_bucket{error=\"none\",method=\"GET\",status=\"200\",uri=\"/api/ping\",le=\"0.001\"} 999",
                "http_server_requests_seconds_bucket{error=\"none\",method=\"POST\",status=\"400\",uri=\"/api/recommend\",le=\"+Inf\"} 999",
                "");
    }

    @Test
    void serverQuantilesAreTheUpperBoundOfTheBucketHoldingThemBetweenTwoScrapes() {
        // Between the scrapes: 100 requests, 60 under 1 ms, 98 under 5 ms, 2 slower.
        ServerHistogram histogram =
                ServerHistogram.between(
                        scrape(10, 20, 30), scrape(70, 118, 130), "/api/recommend", "200");

        assertThat(histogram.quantileMs(0.5)).isEqualTo("1.00");
        assertThat(histogram.quantileMs(0.6)).isEqualTo("1.00");
        assertThat(histogram.quantileMs(0.9)).isEqualTo("5.00");
        assertThat(histogram.quantileMs(0.99)).as("beyond the last finite bound").isEqualTo("+Inf");
        assertThat(ServerHistogram.between("", "", "/api/recommend", "200").quantileMs(0.5))
                .isEqualTo("n/a");
    }

    @Test
    void heysReportGivesRateQuantilesInMillisecondsAndTheNon200s() {
        String report =
                String.join(
                        "\n",
                        "Summary:",
                        "  Total:\t20.0031 secs",
                        "  Requests/sec:\t1999.6900",
                        "",
                        "Latency distribution:",
                        "  10% in 0.0008 secs",
                        "  50% in 0.0012 secs",
                        "  95% in 0.0031 secs",
                        "  99% in 0.0105 secs",
                        "",
                        "Status code distribution:",
                        "  [200]\t39980 responses",
                        "  [429]\t15 responses",
                        "  [503]\t5 responses",
                        "");

        assertThat(HeyReport.parse(report))
                .isEqualTo(new HeyReport("2000", "1.20", "3.10", "10.50", 20));
    }

    @Test
    void wrksResultLineIsReadFromItsOutput() {
        String output =
                "Running 20s test @ http://127.0.0.1:1/api/ping\n"
                        + "RESULT rps=4321 p50=1.25 p95=3.50 p99=7.75 errors=2 requests=86420\n";

        assertThat(ServingLoadBenchmark.WrkResult.parse("ping", output))
                .isEqualTo(
                        new ServingLoadBenchmark.WrkResult(
                                "ping", 4321, "1.25", "3.50", "7.75", 2));
    }
}
