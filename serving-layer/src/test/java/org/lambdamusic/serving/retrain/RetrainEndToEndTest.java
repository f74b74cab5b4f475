package org.lambdamusic.serving.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.serving.admin.RollbackCommand;
import org.lambdamusic.serving.e2e.BatchJobProcess;
import org.lambdamusic.serving.e2e.Prerequisites;
import org.lambdamusic.serving.e2e.StoredModels;
import org.lambdamusic.serving.e2e.TestStack;
import org.lambdamusic.serving.model.ObjectStoreClient;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Retraining and rollback through the admin API of the whole app, against the real local S3 server
 * and Kafka broker, with the real batch job launched through SparkLauncher: credentials are
 * required on /api/admin/** only; a run publishes a version that is swapped in at once and a second
 * request meanwhile gets 409; a run that fails (its input is gone) leaves the model serving, is
 * counted and turns health to WARNING until the next success; rollback through the API and from the
 * shell swaps a good version, refuses an unknown one (404) and a corrupt one (422, LATEST
 * untouched); the models page shows the runs and rolls back once given the password.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class RetrainEndToEndTest {
    private static final String PASSWORD = "retrain-test-secret";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static TestStack stack;
    static StoredModels models;
    static Path input;
    static String firstVersion;
    static String retrainedVersion;
    static String corruptVersion;

    @LocalServerPort int port;
    AdminHttp admin;

    @BeforeAll
    static void startStack() throws Exception {
        Prerequisites.require(
                SparkHomeFixture.available(),
                "the batch layer is not packaged at "
                        + SparkHomeFixture.appJar()
                        + " (mvn -pl batch-layer package -DskipTests)");
        stack = TestStack.withOwnBucket();
        models = new StoredModels(stack.s3Settings());
        input = Files.copy(BatchJobProcess.fixture(), dir.resolve("tracks.csv"));
        SparkHomeFixture.create(dir.resolve("spark-home"));
        firstVersion =
                BatchJobProcess.publish(
                        stack.s3Settings(), models.outputUri(), "300", dir.resolve("batch"));
    }

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry registry) {
        TestStack.connect(registry, () -> stack);
        registry.add("serving.model.poll-interval", () -> "500ms");
        registry.add("serving.admin.password", () -> PASSWORD);
        registry.add("serving.retrain.cron", () -> "-");
        registry.add("serving.retrain.spark-home", () -> dir.resolve("spark-home").toString());
        registry.add("serving.retrain.app-jar", () -> SparkHomeFixture.appJar().toString());
        registry.add("serving.retrain.input", () -> input.toString());
        registry.add("serving.retrain.sample", () -> "300");
        registry.add("serving.retrain.java-opts", () -> "-Xmx1g");
        registry.add("serving.retrain.log-dir", () -> dir.resolve("retrain-logs").toString());
    }

    @AfterAll
    static void stopStack() {
        if (models != null) {
            models.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void client() {
        admin = new AdminHttp(port, "admin", PASSWORD);
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                admin.anonymous().get("/actuator/health/readiness").statusCode()
                                        == 200);
    }

    @Test
    @Order(1)
    void theAdminApiNeedsCredentialsAndNothingElseDoes() {
        HttpResponse<String> none = admin.anonymous().get("/api/admin/retrain");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(none.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic realm="));
        assertThat(AdminHttp.json(none).get("status").asInt()).isEqualTo(401);
        assertThat(AdminHttp.json(none).get("detail").asText()).contains("HTTP Basic");

        HttpResponse<String> wrong = admin.as("admin", "not-it").post("/api/admin/retrain", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(AdminHttp.json(wrong).get("detail").asText()).contains("Wrong user or password");
        assertThat(admin.as("root", PASSWORD).get("/api/admin/retrain").statusCode())
                .isEqualTo(401);
        assertThat(
                        admin.anonymous()
                                .post(
                                        "/api/admin/rollback",
                                        "{\"version\":\"" + firstVersion + "\"}")
                                .statusCode())
                .isEqualTo(401);

        // The web UI's requests: no challenge, so the browser shows no login dialog of its own.
        HttpResponse<String> page =
                admin.anonymous().get("/api/admin/retrain", "X-Requested-With", "XMLHttpRequest");
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.headers().firstValue("WWW-Authenticate")).isEmpty();

        assertThat(admin.get("/api/admin/retrain").statusCode()).isEqualTo(200);

        // Everything else stays open, POSTs included (no CSRF token, no credentials).
        assertThat(admin.anonymous().get("/api/stats").statusCode()).isEqualTo(200);
        assertThat(admin.anonymous().get("/api/models").statusCode()).isEqualTo(200);
        assertThat(admin.anonymous().get("/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(admin.anonymous().get("/models.html").statusCode()).isEqualTo(200);
        String track =
                AdminHttp.json(admin.anonymous().get("/api/tracks?q=&limit=1&recommendable=true"))
                        .at("/items/0/track_id")
                        .asText();
        HttpResponse<String> recommend =
                admin.anonymous()
                        .post("/api/recommend", "{\"track_id\":\"" + track + "\",\"top_n\":3}");
        assertThat(recommend.statusCode()).as(recommend.body()).isEqualTo(200);
        HttpResponse<String> malformed = admin.anonymous().post("/api/recommend", "{");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    @Order(2)
    void aRunThroughSparkLauncherPublishesAVersionThatIsSwappedInAtOnce() {
        HttpResponse<String> accepted = admin.post("/api/admin/retrain", null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode run = AdminHttp.json(accepted);
        String runId = run.get("run_id").asText();
        assertThat(run.get("state").asText()).isEqualTo("queued");
        assertThat(run.get("trigger").asText()).isEqualTo("api");
        assertThat(accepted.headers().firstValue("Location"))
                .contains("/api/admin/retrain/" + runId);

        HttpResponse<String> second = admin.post("/api/admin/retrain", null);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(AdminHttp.json(second).get("run_id").asText()).isEqualTo(runId);
        assertThat(AdminHttp.json(second).get("detail").asText()).contains(runId);

        JsonNode done = awaitFinished(runId);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
        retrainedVersion = done.get("version").asText();
        assertThat(ModelVersion.isValid(retrainedVersion)).isTrue();
        assertThat(retrainedVersion).isNotEqualTo(firstVersion);
        assertThat(done.get("error").isNull()).isTrue();
        assertThat(done.get("started_at").isNull()).isFalse();
        assertThat(done.get("finished_at").isNull()).isFalse();
        List<String> tail = new ArrayList<>();
        done.get("log_tail").forEach(line -> tail.add(line.asText()));
        assertThat(tail).isNotEmpty().hasSizeLessThanOrEqualTo(50);
        assertThat(tail)
                .anySatisfy(line -> assertThat(line).contains("published " + retrainedVersion));

        // The poller was told at once: no waiting for its next round.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> retrainedVersion.equals(servingVersion()));
        JsonNode list = AdminHttp.json(admin.get("/api/admin/retrain"));
        assertThat(list.at("/runs/0/run_id").asText()).isEqualTo(runId);
        assertThat(list.at("/runs/0/log_tail").isMissingNode()).isTrue();
        assertThat(metric("retrain_runs_total", "outcome=\"succeeded\"")).isEqualTo(1.0);
        assertThat(admin.get("/api/admin/retrain/run-nope").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void aFailedRunLeavesTheModelServingAndWarnsUntilTheNextSuccess() throws Exception {
        Path away = dir.resolve("tracks.csv.away");
        Files.move(input, away);
        HttpResponse<String> accepted = admin.post("/api/admin/retrain", null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode failed = awaitFinished(AdminHttp.json(accepted).get("run_id").asText());
        assertThat(failed.get("state").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).isNotBlank();
        assertThat(failed.get("version").isNull()).isTrue();

        assertThat(servingVersion()).isEqualTo(retrainedVersion);
        assertThat(metric("retrain_runs_total", "outcome=\"failed\"")).isEqualTo(1.0);
        HttpResponse<String> health = admin.anonymous().get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode retrain = AdminHttp.json(health).at("/components/retrain");
        assertThat(retrain.get("status").asText()).isEqualTo("WARNING");
        assertThat(retrain.at("/details/error").asText()).isEqualTo(failed.get("error").asText());
        assertThat(admin.anonymous().get("/actuator/health/readiness").statusCode()).isEqualTo(200);

        Files.move(away, input, StandardCopyOption.REPLACE_EXISTING);
        HttpResponse<String> again = admin.post("/api/admin/retrain", null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        JsonNode ok = awaitFinished(AdminHttp.json(again).get("run_id").asText());
        assertThat(ok.get("state").asText()).as(ok.toString()).isEqualTo("succeeded");
        JsonNode cleared =
                AdminHttp.json(admin.anonymous().get("/actuator/health")).at("/components/retrain");
        assertThat(cleared.get("status").asText()).isEqualTo("UP");
        retrainedVersion = ok.get("version").asText();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> retrainedVersion.equals(servingVersion()));
    }

    @Test
    @Order(4)
    void rollbackThroughTheApiSwapsAGoodVersionAndRefusesUnknownAndCorruptOnes() throws Exception {
        HttpResponse<String> back =
                admin.post("/api/admin/rollback", "{\"version\":\"" + firstVersion + "\"}");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        JsonNode result = AdminHttp.json(back);
        assertThat(result.get("version").asText()).isEqualTo(firstVersion);
        assertThat(result.get("previous").asText()).isEqualTo(retrainedVersion);
        assertThat(result.get("serving_version").asText()).isEqualTo(firstVersion);
        assertThat(servingVersion()).isEqualTo(firstVersion);
        assertThat(latest()).isEqualTo(firstVersion);

        HttpResponse<String> unknown =
                admin.post("/api/admin/rollback", "{\"version\":\"20200101T000000Z-00000000\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(admin.post("/api/admin/rollback", "{\"version\":\"../LATEST\"}").statusCode())
                .isEqualTo(404);
        assertThat(admin.post("/api/admin/rollback", "{}").statusCode()).isEqualTo(400);

        corruptVersion = publishCorruptCopyOf(firstVersion);
        HttpResponse<String> corrupt =
                admin.post("/api/admin/rollback", "{\"version\":\"" + corruptVersion + "\"}");
        assertThat(corrupt.statusCode()).as(corrupt.body()).isEqualTo(422);
        assertThat(AdminHttp.json(corrupt).get("detail").asText()).contains(corruptVersion);
        assertThat(latest()).isEqualTo(firstVersion);
        assertThat(servingVersion()).isEqualTo(firstVersion);
    }

    @Test
    @Order(5)
    void rollbackFromTheShellUsesTheSameChecks() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("S3_ENDPOINT", stack.s3Settings().endpoint());
        env.put("S3_BUCKET", stack.s3Settings().bucket());

        Output good = rollbackCommand(env, retrainedVersion);
        assertThat(good.exit()).as(good.err()).isZero();
        assertThat(good.out()).contains("LATEST now points at " + retrainedVersion);
        assertThat(latest()).isEqualTo(retrainedVersion);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> retrainedVersion.equals(servingVersion()));

        Output unknown = rollbackCommand(env, "20200101T000000Z-00000000");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("No model version");

        Output corrupt = rollbackCommand(env, corruptVersion);
        assertThat(corrupt.exit()).isEqualTo(1);
        assertThat(corrupt.err()).contains("fails verification");
        assertThat(latest()).isEqualTo(retrainedVersion);

        assertThat(rollbackCommand(env).exit()).isEqualTo(2);
    }

    @Test
    @Order(6)
    void theModelsPageShowsTheRunsAndRollsBackWithThePassword() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        Prerequisites.require(
                Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
                "Chromium is not installed (apt-get install chromium chromium-driver)");
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(chromedriver.toFile())
                        .usingAnyFreePort()
                        .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--window-size=1366,1000",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        WebDriver browser = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get("http://127.0.0.1:" + port + "/models.html");
            wait.until(
                    d ->
                            d.findElements(By.cssSelector("#models-table tbody tr[data-version]"))
                                            .size()
                                    >= 3);

            // A wrong password: the server's problem detail, and the form asks again.
            browser.findElement(By.id("admin-password")).sendKeys("wrong");
            browser.findElement(By.cssSelector("#admin-form button[type=submit]")).click();
            wait.until(
                    d ->
                            d.findElement(By.id("runs-status"))
                                    .getText()
                                    .contains("Wrong user or password"));
            assertThat(browser.findElement(By.id("admin-form")).isDisplayed()).isTrue();

            browser.findElement(By.id("admin-password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("#admin-form button[type=submit]")).click();
            wait.until(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == 3);
            List<String> states = new ArrayList<>();
            browser.findElements(By.cssSelector("#runs-table tbody tr"))
                    .forEach(row -> states.add(row.getAttribute("data-state")));
            assertThat(states).containsExactly("succeeded", "failed", "succeeded");

            // Roll back to the first version from its row, confirming the browser's dialog.
            browser.findElement(
                            By.cssSelector(
                                    "#models-table tr[data-version='" + firstVersion + "'] button"))
                    .click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(
                    d -> d.findElement(By.id("rollback-status")).getText().contains("Rolled back"));
            assertThat(servingVersion()).isEqualTo(firstVersion);
            assertThat(latest()).isEqualTo(firstVersion);
        } finally {
            browser.quit();
            service.stop();
        }
    }

    record Output(int exit, String out, String err) {}

    private static Output rollbackCommand(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit =
                RollbackCommand.run(
                        args,
                        env,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(
                exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private JsonNode awaitFinished(String runId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(RUN_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            last[0] = AdminHttp.json(admin.get("/api/admin/retrain/" + runId));
                            String state = last[0].get("state").asText();
                            return state.equals("succeeded") || state.equals("failed");
                        });
        return last[0];
    }

    private String servingVersion() {
        return AdminHttp.json(admin.anonymous().get("/api/stats")).get("model_version").asText();
    }

    private static String latest() {
        try (S3Client s3 = new ObjectStoreClient().s3Client(stack.s3Settings())) {
            return s3.getObjectAsBytes(
                            b ->
                                    b.bucket(stack.s3Settings().bucket())
                                            .key(ArtifactLayout.defaults().latestKey()))
                    .asUtf8String()
                    .trim();
        }
    }

    /**
     * A copy of a good version under a new id, its manifest naming the new id, with one byte of the
     * scaler changed: its checksum no longer matches. LATEST is not touched.
     */
    private static String publishCorruptCopyOf(String version) throws Exception {
        String copy = ModelVersion.newId(java.time.Instant.now());
        byte[] manifestBytes =
                models.rawFiles(version, List.of(ArtifactLayout.MANIFEST))
                        .get(ArtifactLayout.MANIFEST);
        ObjectNode manifest = (ObjectNode) JSON.readTree(manifestBytes);
        manifest.put("version", copy);
        List<String> names = new ArrayList<>();
        manifest.get("files").fieldNames().forEachRemaining(names::add);
        Map<String, byte[]> files = models.rawFiles(version, names);
        byte[] scaler = files.get(ArtifactLayout.SCALER).clone();
        scaler[scaler.length / 2] ^= 0x01;
        files.put(ArtifactLayout.SCALER, scaler);
        files.put(ArtifactLayout.MANIFEST, JSON.writeValueAsBytes(manifest));
        ArtifactLayout layout = ArtifactLayout.defaults();
        try (S3Client s3 = new ObjectStoreClient().s3Client(stack.s3Settings())) {
            files.forEach(
                    (name, bytes) ->
                            s3.putObject(
                                    b ->
                                            b.bucket(stack.s3Settings().bucket())
                                                    .key(layout.fileKey(copy, name)),
                                    RequestBody.fromBytes(bytes)));
        }
        return copy;
    }

    private double metric(String name, String label) {
        String body = admin.anonymous().get("/actuator/prometheus").body();
        return body.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
