package org.lambdamusic.serving.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.serving.e2e.BatchJobProcess;
import org.lambdamusic.serving.e2e.FirstModel;
import org.lambdamusic.serving.e2e.Prerequisites;
import org.lambdamusic.serving.e2e.ServingApi;
import org.lambdamusic.serving.e2e.SpeedLayerProcess;
import org.lambdamusic.serving.e2e.StoredModels;
import org.lambdamusic.serving.e2e.TestStack;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
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

/**
 * The listener page in a real headless Chromium against the whole loop: real S3-compatible store
 * with a published model, real Kafka broker, the real speed layer process, and this app on a random
 * port. A listener searches, picks a seed, sees recommendations, likes one of them, and sees the
 * like in their profile and the ×1.2 boost on that row; then the same journey on a full-catalog
 * model hot-swapped in. Skipped when Chromium or the packaged speed layer is absent, except under
 * CI=true, where that fails the test (CI installs Debian's chromium and chromium-driver).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ListenerPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    // Generous for a loaded 2-core CI machine: the like travels API → Kafka → Flink → view topic.
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    @TempDir static Path dir;
    static TestStack stack;
    static SpeedLayerProcess speed;
    static ChromeDriverService driverService;
    static WebDriver browser;
    static String firstVersion;
    static CatalogTrack seed;
    static CatalogTrack outsideTheSample;

    @LocalServerPort int port;

    /**
     * On failure, what the browser showed goes to target/browser-evidence for the CI log reader.
     */
    @RegisterExtension
    static final TestWatcher EVIDENCE =
            new TestWatcher() {
                @Override
                public void testFailed(ExtensionContext context, Throwable cause) {
                    saveEvidence(context.getRequiredTestMethod().getName());
                }
            };

    static void saveEvidence(String name) {
        if (browser == null) {
            return;
        }
        try {
            Path out = Files.createDirectories(Path.of("target", "browser-evidence"));
            Files.write(
                    out.resolve(name + ".png"),
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            Files.writeString(out.resolve(name + ".html"), browser.getPageSource());
        } catch (Exception e) {
            // evidence is best effort; the test's own failure is what matters
        }
    }

    @BeforeAll
    static void startStackAndBrowser() throws Exception {
        // Checked first, so nothing is started when the test cannot run here.
        Prerequisites.require(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (apt-get install chromium chromium-driver)");
        Prerequisites.require(
                SpeedLayerProcess.available(),
                "the speed layer is not packaged at "
                        + SpeedLayerProcess.jar()
                        + " (mvn -pl speed-layer package -DskipTests)");

        stack = TestStack.withOwnBucket();
        Prerequisites.require(
                BatchJobProcess.available(),
                "the batch layer is not packaged (mvn -pl batch-layer package -DskipTests)");
        try (StoredModels models = new StoredModels(stack.s3Settings())) {
            firstVersion = FirstModel.publishTo(models);
            ModelContent model = models.read(firstVersion);
            seed = model.tracks().get(0);
            outsideTheSample = model.unsampled().get(0);
        }
        speed =
                SpeedLayerProcess.start(
                        stack.kafka().bootstrapServers(), stack.s3Settings(), dir.resolve("speed"));

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
                "--window-size=1366,1000",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        browser = new ChromeDriver(driverService, options);
    }

    @DynamicPropertySource
    static void connectToStack(DynamicPropertyRegistry registry) {
        TestStack.connect(registry, () -> stack);
        registry.add("serving.model.poll-interval", () -> "500ms");
        registry.add("serving.kafka.probe-interval", () -> "300ms");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (speed != null) {
            speed.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** The sample model served: the full-catalog test swaps another in. */
    @BeforeEach
    void servingTheSampleModel() {
        try (StoredModels models = new StoredModels(stack.s3Settings())) {
            models.pointLatestAt(firstVersion);
        }
        ServingApi api = new ServingApi(port);
        Awaitility.await("serving the sample model " + firstVersion)
                .atMost(PATIENCE)
                .until(() -> api.get("/api/stats").body().contains(firstVersion));
    }

    @Test
    void listenerSearchesPicksASeedLikesARecommendationAndSeesProfileAndBoost() {
        listenerPicksLikesAndSeesTheBoost(seed);
    }

    /**
     * The same listener journey on a full-catalog model (all clean tracks, top-K neighbours) built
     * by the real batch job and hot-swapped in: the seed is the track the sample model could not
     * recommend from.
     */
    @Test
    void theSameJourneyWorksOnTheFullCatalogModel() throws Exception {
        String version;
        try (StoredModels models = new StoredModels(stack.s3Settings())) {
            version =
                    BatchJobProcess.publish(
                            stack.s3Settings(),
                            models.outputUri(),
                            "all",
                            dir.resolve("batch"),
                            "--top-k",
                            "20");
            assertThat(models.read(version).tracks())
                    .extracting(CatalogTrack::trackId)
                    .contains(outsideTheSample.trackId());
        }
        ServingApi api = new ServingApi(port);
        Awaitility.await("serving swaps to the full-catalog model " + version)
                .atMost(PATIENCE)
                .until(() -> api.get("/api/stats").body().contains(version));

        listenerPicksLikesAndSeesTheBoost(outsideTheSample);
    }

    /** A fresh load of the listener page, once its script says it is ready. */
    private WebDriverWait openPage() {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        browser.get("about:blank");
        browser.get("http://127.0.0.1:" + port + "/");
        wait.until(
                d ->
                        "true"
                                .equals(
                                        d.findElement(By.tagName("html"))
                                                .getDomAttribute("data-ready")));
        return wait;
    }

    private void listenerPicksLikesAndSeesTheBoost(CatalogTrack seed) {
        WebDriverWait wait = openPage();

        // A listener of our own, so the run starts from an empty profile.
        String listener = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        WebElement userId = browser.findElement(By.id("user-id"));
        userId.clear();
        userId.sendKeys(listener, Keys.ENTER);
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(
                        By.id("profile-status"), "No activity yet"));
        wait.until(
                ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#stats [data-kafka='ok']")));

        browser.findElement(By.id("search-input")).sendKeys(seed.trackName());
        wait.until(
                        ExpectedConditions.elementToBeClickable(
                                By.cssSelector(
                                        "#search-results button.track-pick[data-track-id='"
                                                + seed.trackId()
                                                + "']")))
                .click();

        wait.until(
                ExpectedConditions.attributeToBe(By.id("seed"), "data-track-id", seed.trackId()));
        List<WebElement> rows =
                wait.until(
                        ExpectedConditions.numberOfElementsToBe(
                                By.cssSelector("#recs-table tbody tr"), 10));
        assertThat(browser.findElement(By.cssSelector("#seed .seed-name")).getText())
                .isEqualTo(seed.trackName());
        assertThat(rows)
                .extracting(row -> row.getDomAttribute("data-track-id"))
                .doesNotContain(seed.trackId());

        WebElement chosen = rows.get(2);
        String liked = chosen.getDomAttribute("data-track-id");
        assertThat(chosen.getDomAttribute("data-boost")).isEqualTo("1");
        chosen.findElement(By.cssSelector("button[data-action='like']")).click();

        // The like comes back through the speed layer into the profile panel...
        wait.until(
                ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#liked-tracks li[data-liked-track-id='" + liked + "']")));
        assertThat(
                        browser.findElement(By.cssSelector("#profile-counts dd[data-count='like']"))
                                .getText())
                .isEqualTo("1");
        assertThat(browser.findElements(By.cssSelector("#recent li[data-type='like']"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#liked-artists li.tag"))).isNotEmpty();

        // ...and the recommendations are re-ranked with that artist boosted by exactly ×1.2.
        String boostedRow = "#recs-table tbody tr.boosted[data-track-id='" + liked + "']";
        WebElement row =
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(boostedRow)));
        double similarity = Double.parseDouble(row.getDomAttribute("data-similarity"));
        double score = Double.parseDouble(row.getDomAttribute("data-score"));
        assertThat(row.getDomAttribute("data-boost")).isEqualTo("1.2");
        assertThat(score).isCloseTo(similarity * 1.2, within(1e-9));
        assertThat(row.findElement(By.cssSelector(".boost-badge")).getText()).isEqualTo("×1.2");
        assertThat(
                        row.findElement(By.cssSelector("button[data-action='like']"))
                                .getDomAttribute("class"))
                .contains("is-liked");

        // All of it under the Content-Security-Policy (script-src/style-src 'self'): the page
        // counts violations, and the similarity meters got their width through the CSSOM.
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("data-csp-violations"))
                .isNull();
        assertThat(row.findElement(By.cssSelector(".meter span")).getDomAttribute("style"))
                .contains("--fill");
    }

    @Test
    void problemDetailsFromTheApiAreShownToTheListener() {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        // A seed the model does not know: the API answers a 4xx problem, the page shows its title.
        browser.get("about:blank");
        browser.get("http://127.0.0.1:" + port + "/#seed=no-such-track");
        WebElement status =
                wait.until(
                        ExpectedConditions.presenceOfElementLocated(
                                By.cssSelector("#recs-status[data-kind='error']")));
        assertThat(status.findElement(By.tagName("strong")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("recs-wrap")).isDisplayed()).isFalse();
    }

    @Test
    void aTrackOutsideTheSampleIsMarkedAndExplainedNotBroken() {
        WebDriverWait wait = openPage();
        browser.findElement(By.id("search-input")).sendKeys(outsideTheSample.trackName());
        WebElement pick =
                wait.until(
                        ExpectedConditions.elementToBeClickable(
                                By.cssSelector(
                                        "#search-results button.track-pick[data-track-id='"
                                                + outsideTheSample.trackId()
                                                + "']")));
        assertThat(pick.getDomAttribute("data-recommendable")).isEqualTo("false");
        assertThat(pick.findElement(By.cssSelector(".track-flag")).getText())
                .isEqualTo("not in sample");
        pick.click();

        WebElement status =
                wait.until(
                        ExpectedConditions.presenceOfElementLocated(
                                By.cssSelector("#recs-status[data-kind='notice']")));
        assertThat(status.getText())
                .contains("Not in this model’s sample")
                .contains(outsideTheSample.trackName())
                .contains("300 tracks");
        assertThat(browser.findElement(By.id("recs-wrap")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("seed")).isDisplayed()).isFalse();
    }
}
