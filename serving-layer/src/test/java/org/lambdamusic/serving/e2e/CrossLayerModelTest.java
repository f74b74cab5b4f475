package org.lambdamusic.serving.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.TracksTable;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Across the layers: the real Spark batch job (as a child process) builds a sample model and then a
 * full-catalog model from the dataset fixture into a real S3-compatible store; the real serving
 * layer loads each; {@code /api/recommend} must equal a brute-force cosine over standardized
 * features computed here in plain double arithmetic (scikit-learn StandardScaler semantics:
 * population standard deviation, scale 1 for a constant feature), top-N ids and scores. In the
 * sample model, the catalogue tracks outside the sample are searchable and accept interactions, and
 * recommending from one is a clear 404.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class CrossLayerModelTest {
    private static final int SAMPLE = 200;
    private static final int TOP_N = 10;

    /** Stored cosines are float32: about 7 significant digits. */
    private static final double FLOAT_TOLERANCE = 2e-6;

    @TempDir static Path dir;
    static TestStack stack;
    static StoredModels models;

    /** The {@value #SAMPLE}-track sample model, built by the first test that needs it. */
    static String sampleVersion;

    @LocalServerPort int port;

    @BeforeAll
    static void startStack() {
        if (!BatchJobProcess.available()) {
            throw new IllegalStateException(
                    "batch layer not packaged at "
                            + BatchJobProcess.jar()
                            + ": the reactor builds it before this module");
        }
        stack = TestStack.withOwnBucket();
        models = new StoredModels(stack.s3Settings());
    }

    @DynamicPropertySource
    static void connectToStack(DynamicPropertyRegistry registry) {
        TestStack.connect(registry, () -> stack);
        registry.add("serving.model.poll-interval", () -> "200ms");
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

    @Test
    void sampleModelRecommendsWhatBruteForceCosineSays() throws Exception {
        String version = servingTheSample();
        List<CatalogTrack> tracks = table(version, ArtifactLayout.TRACKS, 0);
        List<CatalogTrack> unsampled = table(version, ArtifactLayout.CATALOG, tracks.size());
        assertThat(tracks).hasSize(SAMPLE);
        assertThat(unsampled).isNotEmpty();
        assertThat(json(get("/api/stats")).get("tracks_in_model").asInt()).isEqualTo(SAMPLE);

        assertRecommendationsMatchBruteForce(tracks);
    }

    @Test
    void sampleModelKnowsTheWholeCatalogue() throws Exception {
        String version = servingTheSample();
        List<CatalogTrack> unsampled = table(version, ArtifactLayout.CATALOG, SAMPLE);
        CatalogTrack outside = unsampled.get(unsampled.size() / 2);

        JsonNode page = json(get("/api/tracks?limit=100&q=" + encode(outside.trackName())));
        assertThat(page.get("items").findValuesAsText("track_id")).contains(outside.trackId());

        HttpResponse<String> refused =
                post("/api/recommend", Map.of("track_id", outside.trackId()));
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(refused).get("detail").asText()).containsIgnoringCase("sample");

        HttpResponse<String> accepted =
                post(
                        "/api/interact",
                        Map.of(
                                "user_id",
                                "cross-layer",
                                "track_id",
                                outside.trackId(),
                                "interaction_type",
                                "like"));
        assertThat(accepted.statusCode()).isEqualTo(202);
    }

    @Test
    void fullCatalogModelRecommendsWhatBruteForceCosineSays() throws Exception {
        String version = publishAndAwait("all", "--top-k", "20");
        List<CatalogTrack> tracks = table(version, ArtifactLayout.TRACKS, 0);
        JsonNode stats = json(get("/api/stats"));
        assertThat(stats.get("tracks_in_model").asInt())
                .isEqualTo(tracks.size())
                .isGreaterThan(SAMPLE);

        assertRecommendationsMatchBruteForce(tracks);
    }

    /** The sample model served: built and published the first time, pointed at again after. */
    private String servingTheSample() throws Exception {
        if (sampleVersion == null) {
            sampleVersion = publishAndAwait(String.valueOf(SAMPLE));
        } else {
            models.pointLatestAt(sampleVersion);
            awaitServed(sampleVersion);
        }
        return sampleVersion;
    }

    private String publishAndAwait(String sample, String... extra) throws Exception {
        String version =
                BatchJobProcess.publish(
                        stack.s3Settings(),
                        "s3://" + stack.s3Settings().bucket() + "/models",
                        sample,
                        dir.resolve("batch"),
                        extra);
        awaitServed(version);
        return version;
    }

    private void awaitServed(String version) {
        await("serving swaps to " + version)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                version.equals(
                                        json(get("/api/stats")).path("model_version").asText()));
    }

    private void assertRecommendationsMatchBruteForce(List<CatalogTrack> tracks) throws Exception {
        double[][] unit = standardizedUnitVectors(tracks);
        for (int seed : new int[] {0, 1, tracks.size() / 3, tracks.size() / 2, tracks.size() - 1}) {
            List<Neighbour> expected = bruteForce(unit, seed);
            JsonNode answer =
                    json(
                            post(
                                    "/api/recommend",
                                    Map.of(
                                            "track_id",
                                            tracks.get(seed).trackId(),
                                            "top_n",
                                            TOP_N)));
            JsonNode items = answer.get("recommendations");
            assertThat(items).hasSize(TOP_N);
            for (int i = 0; i < TOP_N; i++) {
                JsonNode item = items.get(i);
                Neighbour want = expected.get(i);
                String where = "seed row " + seed + ", rank " + i;
                assertThat(item.get("similarity").asDouble())
                        .as(where)
                        .isCloseTo(
                                want.cosine(),
                                org.assertj.core.data.Offset.offset(FLOAT_TOLERANCE));
                assertThat(item.get("score").asDouble())
                        .as(where)
                        .isEqualTo(item.get("similarity").asDouble());
                assertThat(item.get("track_id").asText())
                        .as(where)
                        .isNotEqualTo(tracks.get(seed).trackId());
                // Tracks with equal cosines (the dataset repeats songs under other ids) may come in
                // either order; everywhere else the id must be the brute-force one.
                boolean tied =
                        (i > 0
                                        && Math.abs(expected.get(i - 1).cosine() - want.cosine())
                                                < FLOAT_TOLERANCE)
                                || (Math.abs(expected.get(i + 1).cosine() - want.cosine())
                                        < FLOAT_TOLERANCE);
                if (!tied) {
                    assertThat(item.get("track_id").asText())
                            .as(where)
                            .isEqualTo(tracks.get(want.row()).trackId());
                }
            }
        }
    }

    record Neighbour(int row, double cosine) {}

    /** z = (x - mean) / population std per feature (1 where the std is 0), then unit length. */
    static double[][] standardizedUnitVectors(List<CatalogTrack> tracks) {
        int n = tracks.size();
        int d = AudioFeatures.COUNT;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (CatalogTrack t : tracks) {
            for (int f = 0; f < d; f++) {
                mean[f] += t.features()[f] / n;
            }
        }
        for (CatalogTrack t : tracks) {
            for (int f = 0; f < d; f++) {
                double dev = t.features()[f] - mean[f];
                scale[f] += dev * dev / n;
            }
        }
        for (int f = 0; f < d; f++) {
            scale[f] = scale[f] == 0 ? 1 : Math.sqrt(scale[f]);
        }
        double[][] unit = new double[n][d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int f = 0; f < d; f++) {
                unit[i][f] = (tracks.get(i).features()[f] - mean[f]) / scale[f];
                norm += unit[i][f] * unit[i][f];
            }
            norm = Math.sqrt(norm);
            for (int f = 0; f < d && norm > 0; f++) {
                unit[i][f] /= norm;
            }
        }
        return unit;
    }

    static List<Neighbour> bruteForce(double[][] unit, int seed) {
        List<Neighbour> all = new ArrayList<>();
        for (int j = 0; j < unit.length; j++) {
            if (j != seed) {
                double dot = 0;
                for (int f = 0; f < unit[j].length; f++) {
                    dot += unit[seed][f] * unit[j][f];
                }
                all.add(new Neighbour(j, dot));
            }
        }
        all.sort(
                Comparator.comparingDouble(Neighbour::cosine)
                        .reversed()
                        .thenComparingInt(Neighbour::row));
        return all;
    }

    /** One track table of a published version, read as stored (not through the app). */
    private List<CatalogTrack> table(String version, String file, int firstRow) throws Exception {
        byte[] bytes = models.rawFiles(version, List.of(file)).get(file);
        return TracksTable.read(new ByteArrayInputStream(bytes), firstRow, file);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return new ServingApi(port).get(path);
    }

    private HttpResponse<String> post(String path, Object body) throws Exception {
        return new ServingApi(port).post(path, body);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return ServingApi.json(response);
    }
}
