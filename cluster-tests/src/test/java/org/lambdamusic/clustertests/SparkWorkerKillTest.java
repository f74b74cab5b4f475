package org.lambdamusic.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves: a retrain whose Spark application runs executors on both standalone workers survives the
 * loss of one worker's host (the worker and its executor killed with kill -9 while a task runs on
 * that executor): the driver sees the executor lost, runs the lost task again (an attempt number
 * above 0) on the other worker, the run succeeds and both serving instances swap to its version.
 * Neither instance stops answering meanwhile; the worker comes back with {@code ./pipeline up} and
 * registers again.
 */
@Order(4)
@ExtendWith(ClusterPipelineExtension.class)
class SparkWorkerKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // The driver's line for the executor the master placed on spark-worker-2 (port 7079).
    private static final Pattern RERUN = Pattern.compile("Starting task \\d+\\.[1-9]\\d* in stage");
    private static final Pattern EXECUTOR_ON_WORKER_2 =
            Pattern.compile("Executor added: app-\\S+/(\\d+) on worker-\\S+-7079 ");
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aRetrainSurvivesALostWorkerHostAndBothInstancesSwapToItsVersion(ClusterPipeline cluster)
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
        // Kill while a task is provably running on the victim's executor, with its executors, as
        // the loss of its host would (a worker killed alone leaves its executor JVMs running for
        // the driver). The driver's log (written by the instance that owns the run) says which
        // executor is on which worker, when a task starts on it and when it finishes; the first
        // task of a fresh executor takes seconds (it fetches the job jar, loads its classes), so
        // a kill within a poll of its start meets it running. The driver then confirms it: the
        // task "failed because while it was being computed, its executor exited".
        Path driverLog = cluster.dataDir().resolve("log/retrain/" + runId + ".log");
        AtomicReference<String> victimExecutor = new AtomicReference<>();
        AtomicReference<String> victimTask = new AtomicReference<>();
        await("a task running on the executor of spark-worker-2")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            String text = read(driverLog);
                            Matcher added = EXECUTOR_ON_WORKER_2.matcher(text);
                            if (!added.find()) {
                                return false;
                            }
                            victimExecutor.set(added.group(1));
                            Matcher started =
                                    Pattern.compile(
                                                    "Starting task \\S+ in stage \\S+ \\(TID"
                                                            + " (\\d+)\\) \\([^,]*,\\s*executor "
                                                            + added.group(1)
                                                            + ",")
                                            .matcher(text);
                            while (started.find()) {
                                String tid = started.group(1);
                                if (!text.contains("(TID " + tid + ") in ")) {
                                    victimTask.set(tid);
                                    return true;
                                }
                            }
                            return false;
                        });
        cluster.kill9WithChildren("spark-worker-2");
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
        String driverText = read(driverLog);
        String outcome = run.path("state").asText();
        assertThat(outcome)
                .as(
                        "retrain %s after the host loss: %s%nlog tail: %s",
                        runId, run.path("error").asText(), run.path("log_tail"))
                .isEqualTo("succeeded");
        assertThat(driverText)
                .as("the driver saw executor %s lost", victimExecutor.get())
                .containsPattern(
                        "Executor app-\\S+/"
                                + victimExecutor.get()
                                + " removed|Lost executor "
                                + victimExecutor.get()
                                + " ");
        assertThat(driverText)
                .as(
                        "task TID %s was running on executor %s when it died",
                        victimTask.get(), victimExecutor.get())
                .containsPattern(
                        "\\(TID "
                                + victimTask.get()
                                + "\\) failed because while it was being computed|Lost task \\S+ in"
                                + " stage \\S+ \\(TID "
                                + victimTask.get()
                                + "\\)");
        // A task run again is a later attempt ("Starting task 0.1 in stage 1.0"); a lost map
        // output whose stage must run again, a resubmission.
        long tasksRerun = driverText.lines().filter(l -> RERUN.matcher(l).find()).count();
        long resubmissions = driverText.lines().filter(l -> l.contains("Resubmit")).count();
        assertThat(tasksRerun).as("task attempts run again (attempt number > 0)").isPositive();
        String version = run.path("version").asText();
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
                "RELIABILITY spark-worker-kill: killed spark-worker-2 and its executor %s (running"
                        + " task TID %s) during retrain %s (app %s); the driver ran %d task attempts again"
                        + " and resubmitted %d stages; run %s in %.1f s (version %s, was %s); serving"
                        + " answered %d of %d"
                        + " requests during the run; then ./pipeline up %.1f s, 2 workers ALIVE"
                        + " again %.1f s after it began%n",
                victimExecutor.get(),
                victimTask.get(),
                runId,
                app.get().path("id").asText(),
                tasksRerun,
                resubmissions,
                outcome,
                runSeconds,
                version,
                served,
                answers,
                answers,
                upTook.toMillis() / 1000.0,
                workerBack);
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
