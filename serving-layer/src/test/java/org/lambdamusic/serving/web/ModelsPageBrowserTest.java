package org.lambdamusic.serving.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.BatchRunResult;
import org.lambdamusic.contracts.model.Evaluation;
import org.lambdamusic.serving.e2e.Prerequisites;
import org.lambdamusic.serving.e2e.StoredModels;
import org.lambdamusic.serving.e2e.TestStack;
import org.lambdamusic.serving.model.CoListeningModel;
import org.lambdamusic.serving.model.ObjectStoreClient;
import org.lambdamusic.serving.model.TestEvaluations;
import org.lambdamusic.serving.model.TinyModel;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The models page in a real headless Chromium, for an operator: each version's collaborative
 * filtering factors and evaluation table (from its manifest), and a retrain the quality gate
 * rejected, with both NDCG@10 figures. The app runs on a random port against the real local store
 * and broker; the retrain's "batch job" is a stand-in spark-submit that waits until the test has
 * stored the run's rejected result. The page as shown is saved to
 * target/browser-evidence/models-page.png. Skipped without Chromium, except under CI=true.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ModelsPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(45);
    private static final String PASSWORD = "models-page-test";
    private static final String CANDIDATE = "20261207T020000Z-0badc0de";

    @TempDir static Path dir;
    static TestStack stack;
    static ChromeDriverService driverService;
    static WebDriver browser;

    @LocalServerPort int port;

    @BeforeAll
    static void startStackAndBrowser() throws Exception {
        Prerequisites.require(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (apt-get install chromium chromium-driver)");
        stack = TestStack.withOwnBucket();
        try (StoredModels models = new StoredModels(stack.s3Settings())) {
            models.publish(TinyModel.artifact(TinyModel.VERSION));
            models.publish(
                    CoListeningModel.evaluated(CoListeningModel.VERSION, TestEvaluations.EXAMPLE));
            models.pointLatestAt(CoListeningModel.VERSION);
        }
        Path submit = dir.resolve("spark-home/bin/spark-submit");
        Files.createDirectories(submit.getParent());
        Files.writeString(
                submit,
                String.join(
                        "\n",
                        "#!/usr/bin/env sh",
                        "while [ ! -f '" + dir.resolve("go") + "' ]; do sleep 0.05; done",
                        "exit 0",
                        ""));
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));

        driverService =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1400,1700",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        browser = new ChromeDriver(driverService, options);
    }

    @DynamicPropertySource
    static void connectToStack(DynamicPropertyRegistry registry) {
        TestStack.connect(registry, () -> stack);
        registry.add("serving.admin.password", () -> PASSWORD);
        registry.add("serving.retrain.cron", () -> "-");
        registry.add("serving.retrain.spark-home", () -> dir.resolve("spark-home").toString());
        registry.add("serving.retrain.app-jar", () -> dir.resolve("batch.jar").toString());
        registry.add("serving.retrain.input", () -> dir.resolve("tracks.csv").toString());
        registry.add("serving.retrain.log-dir", () -> dir.resolve("retrain-logs").toString());
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anOperatorSeesEachVersionsFactorsEvaluationAndARejectedRetrain() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        browser.get("http://127.0.0.1:" + port + "/models.html");

        String quality = "tr.quality-row[data-version='" + CoListeningModel.VERSION + "'] ";
        List<WebElement> rankers =
                wait.until(
                        ExpectedConditions.numberOfElementsToBe(
                                By.cssSelector(quality + "table.evaluation tbody tr"), 5));
        assertThat(rankers)
                .extracting(r -> r.getDomAttribute("data-ranker"))
                .containsExactly("blend", "cf", "content", "popularity", "cooccurrence");
        Evaluation.RankerQuality blend = TestEvaluations.EXAMPLE.rankers().get("blend");
        WebElement blendRow = rankers.get(0);
        assertThat(cell(blendRow, "hr_at_10")).isEqualTo(String.format("%.3f", blend.hrAt10()));
        assertThat(cell(blendRow, "ndcg_at_10")).isEqualTo(String.format("%.3f", blend.ndcgAt10()));
        assertThat(cell(blendRow, "recall_at_50"))
                .isEqualTo(String.format("%.3f", blend.recallAt50()));
        assertThat(cell(blendRow, "coverage"))
                .isEqualTo(String.format("%.2f%%", 100 * blend.coverage()));
        assertThat(cell(blendRow, "mean_popularity"))
                .isEqualTo(String.format("%.1f", blend.meanPopularity()));
        assertThat(
                        blendRow.findElement(By.cssSelector("[data-metric='ndcg_at_10']"))
                                .getDomAttribute("class"))
                .contains("best");
        assertThat(browser.findElement(By.cssSelector(quality + ".factors-info")).getText())
                .contains("rank 2", "12 listeners", "12 tracks");
        assertThat(browser.findElement(By.cssSelector(quality + ".evaluation-info")).getText())
                .contains("1,200 listeners", TestEvaluations.EXAMPLE.protocol());
        WebElement served =
                browser.findElement(
                        By.cssSelector("tr[data-version='" + CoListeningModel.VERSION + "']"));
        assertThat(served.findElement(By.cssSelector(".ndcg-cell")).getText())
                .isEqualTo(String.format("%.3f", blend.ndcgAt10()));
        assertThat(served.findElement(By.cssSelector(".factors-cell")).getText())
                .isEqualTo("rank 2 · 12 listeners × 12 tracks");
        WebElement older =
                browser.findElement(By.cssSelector("tr[data-version='" + TinyModel.VERSION + "']"));
        assertThat(older.findElement(By.cssSelector(".ndcg-cell")).getText()).isEqualTo("–");

        // A retrain from the page, which the batch job's quality gate rejects.
        browser.findElement(By.id("admin-password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#admin-form button[type='submit']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("retrain-now"))).click();
        String runId = activeRunId(wait);
        storeRejected(runId);
        Files.createFile(dir.resolve("go"));
        WebElement rejected =
                wait.until(
                        ExpectedConditions.presenceOfElementLocated(
                                By.cssSelector("#runs-table tr[data-state='rejected']")));
        assertThat(rejected.getDomAttribute("data-run")).isEqualTo(runId);
        assertThat(rejected.findElement(By.cssSelector(".gate")).getText())
                .isEqualTo("0.094 vs served 0.210 (margin 0.010)");
        assertThat(rejected.getText()).contains(CANDIDATE, "written, not promoted");

        Path out = Files.createDirectories(Path.of("target", "browser-evidence"));
        Files.write(
                out.resolve("models-page.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static String cell(WebElement row, String metric) {
        return row.findElement(By.cssSelector("[data-metric='" + metric + "']")).getText();
    }

    /** The run the page started, as the admin API lists it. */
    private String activeRunId(WebDriverWait wait) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth =
                Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return wait.until(
                d -> {
                    try {
                        HttpResponse<String> runs =
                                http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + port
                                                                        + "/api/admin/retrain"))
                                                .header("Authorization", "Basic " + auth)
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                        var list = new ObjectMapper().readTree(runs.body()).get("runs");
                        return list != null && !list.isEmpty()
                                ? list.get(0).get("run_id").asText()
                                : null;
                    } catch (Exception e) {
                        return null;
                    }
                });
    }

    private static void storeRejected(String runId) {
        BatchRunResult result =
                BatchRunResult.rejected(
                        runId,
                        CANDIDATE,
                        null,
                        "2026-12-07T02:01:00Z",
                        new BatchRunResult.QualityGate(
                                0.094, CoListeningModel.VERSION, 0.21, 0.01, false));
        try (S3Client s3 = new ObjectStoreClient().s3Client(stack.s3Settings())) {
            s3.putObject(
                    b ->
                            b.bucket(stack.s3Settings().bucket())
                                    .key(ArtifactLayout.defaults().runResultKey(runId)),
                    RequestBody.fromBytes(result.toJson()));
        }
    }
}
