package org.lambdamusic.serving.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.serving.e2e.Prerequisites;
import org.lambdamusic.serving.e2e.TestStack;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two serving instances on one bucket (two application contexts in this JVM, each with its own HTTP
 * port, scheduler and lease owner), against the real local S3 server and Kafka broker. Both have
 * the same short cron, so both fire at the same second, and both also get POST /api/admin/retrain
 * at the same moment: across both, runs never overlap in time, and a request that loses the race
 * gets 409 naming the run that won. The runs fail fast (their input does not exist), which the test
 * also uses to check that a failure is reported as such.
 */
class RetrainTwoInstancesTest {
    private static final String PASSWORD = "two-instances-secret";

    @TempDir static Path dir;
    static TestStack stack;
    static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() {
        Prerequisites.require(
                SparkHomeFixture.available(),
                "the batch layer is not packaged at " + SparkHomeFixture.appJar());
        stack = TestStack.withOwnBucket();
        Path sparkHome = SparkHomeFixture.create(dir.resolve("spark-home"));
        for (String name : List.of("a", "b")) {
            instances.add(
                    AppInstances.run(
                            Map.ofEntries(
                                    Map.entry("server.port", "0"),
                                    Map.entry("S3_ENDPOINT", stack.s3Settings().endpoint()),
                                    Map.entry("S3_BUCKET", stack.s3Settings().bucket()),
                                    Map.entry(
                                            "KAFKA_BOOTSTRAP_SERVERS",
                                            stack.kafka().bootstrapServers()),
                                    Map.entry("serving.admin.password", PASSWORD),
                                    Map.entry("serving.retrain.cron", "*/6 * * * * *"),
                                    Map.entry("serving.retrain.spark-home", sparkHome.toString()),
                                    Map.entry(
                                            "serving.retrain.app-jar",
                                            SparkHomeFixture.appJar().toString()),
                                    Map.entry(
                                            "serving.retrain.input",
                                            dir.resolve("no-such-input.csv").toString()),
                                    Map.entry("serving.retrain.java-opts", "-Xmx512m"),
                                    Map.entry(
                                            "serving.retrain.log-dir",
                                            dir.resolve("logs-" + name).toString()))));
        }
    }

    @AfterAll
    static void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void runsOfTwoInstancesNeverOverlapAndALosingRequestGets409() {
        List<AdminHttp> apis =
                instances.stream()
                        .map(c -> new AdminHttp(AppInstances.port(c), "admin", PASSWORD))
                        .toList();
        // Both instances at once, twice, while the schedule fires too.
        List<Integer> statuses = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            List<CompletableFuture<HttpResponse<String>>> posts =
                    apis.stream()
                            .map(
                                    api ->
                                            CompletableFuture.supplyAsync(
                                                    () -> api.post("/api/admin/retrain", null)))
                            .toList();
            for (CompletableFuture<HttpResponse<String>> post : posts) {
                HttpResponse<String> response = post.join();
                statuses.add(response.statusCode());
                assertThat(response.statusCode()).as(response.body()).isIn(202, 409);
                if (response.statusCode() == 409) {
                    assertThat(AdminHttp.json(response).get("run_id").asText()).startsWith("run-");
                }
            }
            assertThat(statuses.subList(statuses.size() - 2, statuses.size()))
                    .as("two simultaneous requests never both start a run")
                    .containsAnyOf(409);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> allRuns().stream().noneMatch(r -> r.state().active()));
        }
        // Then the schedule alone, until both instances' runs add up to a few scheduled ones.
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () ->
                                allRuns().stream()
                                                .filter(r -> r.trigger() == Trigger.SCHEDULE)
                                                .filter(r -> !r.state().active())
                                                .count()
                                        >= 2);
        // Which instance wins each race is up to the store; the history check below needs a run of
        // each, so an instance that won none gets a request of its own (409 while a run goes on).
        for (int instance = 0; instance < 2; instance++) {
            int owner = instance;
            if (allRuns().stream().noneMatch(r -> isOwnedBy(owner, r))) {
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(
                                () ->
                                        apis.get(owner)
                                                        .post("/api/admin/retrain", null)
                                                        .statusCode()
                                                == 202);
            }
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> allRuns().stream().noneMatch(r -> r.state().active()));
        }
        instances.forEach(c -> c.getBean(Retrainer.class).shutdown());

        List<RetrainRun> runs = new ArrayList<>(allRuns());
        runs.removeIf(r -> r.state().active());
        runs.sort(Comparator.comparing(RetrainRun::requestedAt));
        for (int i = 1; i < runs.size(); i++) {
            RetrainRun before = runs.get(i - 1);
            RetrainRun after = runs.get(i);
            assertThat(after.requestedAt())
                    .as("%s starts after %s ended", after.runId(), before.runId())
                    .isAfterOrEqualTo(before.finishedAt());
        }
        assertThat(runs).allSatisfy(r -> assertThat(r.state()).isEqualTo(RunState.FAILED));
        // A scheduled run may start between the two shutdowns above (the first one's run frees the
        // lease, the other's cron fires): the second shutdown kills it, which is no job outcome.
        assertThat(runs)
                .allSatisfy(
                        r ->
                                assertThat(r.error())
                                        .containsAnyOf(
                                                "input file not found",
                                                "the serving layer is shutting down"));
        assertThat(runs).anySatisfy(r -> assertThat(r.error()).contains("input file not found"));
        assertThat(statuses).contains(202, 409);

        // One history through either instance (the journal in the bucket): the same runs listed,
        // and a run of one instance shown by the other with its outcome and its log's tail.
        List<String> listedByA = ids(instances.get(0).getBean(Retrainer.class).runs());
        List<String> listedByB = ids(instances.get(1).getBean(Retrainer.class).runs());
        assertThat(listedByA).isNotEmpty().isEqualTo(listedByB);
        for (int owner = 0; owner < 2; owner++) {
            int instance = owner;
            AdminHttp other = apis.get(1 - owner);
            String runId =
                    runs.stream()
                            .map(RetrainRun::runId)
                            .filter(id -> isOwnedBy(instance, id))
                            .findFirst()
                            .orElseThrow();
            HttpResponse<String> shown = other.get("/api/admin/retrain/" + runId);
            assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
            assertThat(AdminHttp.json(shown).get("state").asText()).isEqualTo("failed");
            assertThat(AdminHttp.json(shown).get("error").asText())
                    .contains("input file not found");
            assertThat(AdminHttp.json(shown).get("log_tail")).isNotEmpty();
            assertThat(AdminHttp.json(other.get("/api/admin/retrain")).toString()).contains(runId);
        }
        // A run journaled as running by an instance that died (its lease long gone) shows failed.
        RunJournal journal = instances.get(0).getBean(RunJournal.class);
        RetrainRun ghost =
                new RetrainRun(
                        "run-20200101T000000Z-00dead",
                        RunState.RUNNING,
                        Trigger.API,
                        java.time.Instant.parse("2020-01-01T00:00:00Z"),
                        java.time.Instant.parse("2020-01-01T00:00:01Z"),
                        null,
                        null,
                        null,
                        null);
        journal.write(new RunJournal.Entry(ghost, "gone-host/1/x", List.of()));
        HttpResponse<String> abandoned = apis.get(1).get("/api/admin/retrain/" + ghost.runId());
        assertThat(abandoned.statusCode()).as(abandoned.body()).isEqualTo(200);
        assertThat(AdminHttp.json(abandoned).get("state").asText()).isEqualTo("failed");
        assertThat(AdminHttp.json(abandoned).get("error").asText())
                .contains("abandoned", "gone-host/1/x");

        assertThat(apis.get(0).get("/api/admin/retrain/..%2FLATEST").statusCode()).isIn(400, 404);
        assertThat(apis.get(0).get("/api/admin/retrain/run-20990101T000000Z-abcdef").statusCode())
                .isEqualTo(404);
    }

    private static boolean isOwnedBy(int instance, RetrainRun run) {
        return isOwnedBy(instance, run.runId());
    }

    /** A run is an instance's when that instance wrote its log. */
    private static boolean isOwnedBy(int instance, String runId) {
        return java.nio.file.Files.isRegularFile(logOf(instance, runId));
    }

    private static java.nio.file.Path logOf(int instance, String runId) {
        return java.nio.file.Path.of(
                        instances.get(instance).getBean(Retrainer.class).properties().logDir())
                .toAbsolutePath()
                .resolve(runId + ".log");
    }

    private static List<String> ids(List<RetrainRun> runs) {
        return runs.stream().map(RetrainRun::runId).toList();
    }

    /** Every run once (each instance lists the other's too, from the journal). */
    private static List<RetrainRun> allRuns() {
        Map<String, RetrainRun> all = new java.util.TreeMap<>();
        instances.forEach(
                c -> c.getBean(Retrainer.class).runs().forEach(r -> all.put(r.runId(), r)));
        return new ArrayList<>(all.values());
    }
}
