package org.lambdamusic.serving.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * {@code ./pipeline bench retrain}: wall time from {@code POST /api/admin/retrain} to the new
 * version being served ({@code GET /api/stats} model_version), against the running pipeline, with
 * the run's own times (requested, launched, finished) beside it. BENCH_RETRAIN_RUNS (1) runs one
 * after the other. SERVING_BENCH_URL and ADMIN_PASSWORD come from ./pipeline.
 */
public final class RetrainBenchmark {
    private RetrainBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int runs = Integer.parseInt(env.getOrDefault("BENCH_RETRAIN_RUNS", "1"));
        BenchHttp http = new BenchHttp(env.get("SERVING_BENCH_URL"), env.get("ADMIN_PASSWORD"));
        if (http.get("/actuator/health/readiness").statusCode() != 200) {
            fail("serving layer not ready at " + http.base() + " (./pipeline up)");
        }
        BenchHttp.say(
                "retrain bench: "
                        + runs
                        + " run(s) against "
                        + http.base()
                        + ", "
                        + Runtime.getRuntime().availableProcessors()
                        + " cores, load average "
                        + BenchHttp.loadAverage());
        for (int i = 1; i <= runs; i++) {
            String before = http.json("/api/stats").path("model_version").asText();
            long started = System.nanoTime();
            HttpResponse<String> posted = http.post("/api/admin/retrain", null);
            JsonNode answer = BenchHttp.JSON.readTree(posted.body());
            String runId = answer.path("run_id").asText("");
            if (runId.isEmpty()) {
                fail(
                        "POST /api/admin/retrain refused: "
                                + answer.path("detail").asText(posted.body()));
            }
            JsonNode run;
            String state;
            do {
                Thread.sleep(200);
                run = http.json("/api/admin/retrain/" + runId);
                state = run.path("state").asText();
            } while (!state.equals("succeeded") && !state.equals("failed"));
            if (state.equals("failed")) {
                fail("run " + runId + " failed: " + run.path("error").asText());
            }
            String version = run.path("version").asText();
            while (!http.json("/api/stats").path("model_version").asText().equals(version)) {
                Thread.sleep(50);
            }
            long served = (System.nanoTime() - started) / 1_000_000;
            BenchHttp.say(
                    "run "
                            + runId
                            + ": "
                            + before
                            + " -> "
                            + version
                            + " served "
                            + served
                            + " ms after the POST (run: requested "
                            + run.path("requested_at").asText()
                            + ", launched "
                            + run.path("started_at").asText()
                            + ", finished "
                            + run.path("finished_at").asText()
                            + ")");
        }
        BenchHttp.say("load average after: " + BenchHttp.loadAverage());
    }

    private static void fail(String message) {
        System.err.println("pipeline: error: " + message);
        System.exit(1);
    }
}
