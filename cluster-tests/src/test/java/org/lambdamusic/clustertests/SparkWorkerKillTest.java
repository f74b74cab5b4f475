package org.lambdamusic.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves: a retrain whose Spark application runs executors on both standalone workers survives one
 * worker killed (kill -9) mid-run: the run either succeeds (the lost executor's tasks run again on
 * the other worker) and both serving instances swap to the new version, or it fails with its reason
 * and both keep serving the version they served. Either way neither instance stops answering; the
 * worker comes back with {@code ./pipeline up} and registers again.
 */
@Order(4)
@ExtendWith(ClusterPipelineExtension.class)
class SparkWorkerKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // spark-worker-2's web UI (scripts/cluster.sh: 8081 + worker number).
    private static final String WORKER_2_JSON = "http://127.0.0.1:8083/json/";
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aRetrainSurvivesALostWorkerOrFailsClearlyAndTheModelKeepsServing(ClusterPipeline cluster)
            throws Exception {
        ServingApi first = new ServingApi(ClusterPipeline.SERVING_1);
        ServingApi second = new ServingApi(ClusterPipeline.SERVING_2);
        String password = cluster.adminPassword();
        String served = first.get("/api/stats", null).body().path("model_version").asText();
        assertThat(second.get("/api/stats", null).body().path("model_version").asText())
                .isEqualTo(served);
        assertThat(aliveWorkers()).isEqualTo(2);

        ServingApi.Answer queued = first.postAsAdmin("/api/admin/retrain", password, Map.of());
        assertThat(queued.status()).as("POST /api/admin/retrain: " + queued.body()).isEqualTo(202);
        String runId = queued.body().path("run_id").asText();
        long requested = System.nanoTime();

        // Kill a worker once the application holds an executor on each of them.
        AtomicReference<JsonNode> app = new AtomicReference<>();
        await("the retrain's Spark application with executors on both workers")
                .atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            for (JsonNode a : master().path("activeapps")) {
                                if (a.path("cores").asInt() >= 2) {
                                    app.set(a);
                                    return true;
                                }
                            }
                            return false;
                        });
        // The victim runs one of the application's executors (its own /json lists it).
        await("an executor of " + app.get().path("id").asText() + " on spark-worker-2")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> runsExecutorOf(WORKER_2_JSON, app.get().path("id").asText()));
        cluster.kill9("spark-worker-2");
        long killedAt = System.nanoTime();

        // Both instances answer throughout the run.
        String seed = Catalog.recommendable(first, 1).get(0).path("track_id").asText();
        int answers = 0;
        JsonNode run;
        while (true) {
            run = first.getAsAdmin("/api/admin/retrain/" + runId, password).body();
            String state = run.path("state").asText();
            if (state.equals("succeeded") || state.equals("failed")) {
                break;
            }
            assertThat(System.nanoTime() - killedAt)
                    .as("retrain finished within 10 min of the kill")
                    .isLessThan(Duration.ofMinutes(10).toNanos());
            for (ServingApi api : new ServingApi[] {first, second}) {
                assertThat(api.recommend(null, "spark-kill-reader", seed, 5).status())
                        .as(api.base() + " answering during the retrain")
                        .isEqualTo(200);
                answers++;
            }
            Thread.sleep(500);
        }
        double runSeconds = (System.nanoTime() - requested) / 1e9;
        String outcome = run.path("state").asText();
        String version;
        if (outcome.equals("succeeded")) {
            version = run.path("version").asText();
            assertThat(version).isNotEqualTo(served);
            for (ServingApi api : new ServingApi[] {first, second}) {
                await(api.base() + " serving " + version)
                        .atMost(Duration.ofMinutes(2))
                        .until(
                                () ->
                                        version.equals(
                                                api.get("/api/stats", null)
                                                        .body()
                                                        .path("model_version")
                                                        .asText()));
            }
        } else {
            version = served;
            assertThat(run.path("error").asText()).as("the failed run's reason").isNotBlank();
            for (ServingApi api : new ServingApi[] {first, second}) {
                assertThat(api.get("/api/stats", null).body().path("model_version").asText())
                        .isEqualTo(served);
            }
        }
        for (ServingApi api : new ServingApi[] {first, second}) {
            assertThat(api.recommend(null, "spark-kill-reader", seed, 5).status()).isEqualTo(200);
        }

        long upStarted = System.nanoTime();
        Duration upTook = cluster.up();
        await("both Spark workers ALIVE again")
                .atMost(Duration.ofMinutes(2))
                .until(() -> aliveWorkers() == 2);
        double workerBack = (System.nanoTime() - upStarted) / 1e9;

        System.out.printf(
                "RELIABILITY spark-worker-kill: killed spark-worker-2 during retrain %s (app %s);"
                        + " run %s in %.1f s (version %s, was %s); serving answered %d of %d"
                        + " requests during the run; then ./pipeline up %.1f s, 2 workers ALIVE"
                        + " again %.1f s after it began%n",
                runId,
                app.get().path("id").asText(),
                outcome,
                runSeconds,
                version,
                served,
                answers,
                answers,
                upTook.toMillis() / 1000.0,
                workerBack);
    }

    private boolean runsExecutorOf(String workerJson, String appId) {
        for (JsonNode executor : json(workerJson).path("executors")) {
            if (executor.path("appid").asText().equals(appId)) {
                return true;
            }
        }
        return false;
    }

    private int aliveWorkers() {
        int alive = 0;
        for (JsonNode worker : master().path("workers")) {
            if (worker.path("state").asText().equals("ALIVE")) {
                alive++;
            }
        }
        return alive;
    }

    /** The standalone master's {@code /json}: workers, active and completed applications. */
    private JsonNode master() {
        return json(ClusterPipeline.SPARK_MASTER_JSON);
    }

    /** A Spark daemon's web UI JSON (master: workers and apps; worker: its executors). */
    private JsonNode json(String url) {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(20))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
