package org.lambdamusic.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lambdamusic.batch.interactions.ArchiveFixture;
import org.lambdamusic.batch.publish.ModelPublisher;
import org.lambdamusic.batch.publish.ModelStore;
import org.lambdamusic.batch.publish.OutputLocation;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.model.ArtifactFile;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.BatchRunResult;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.ModelArtifact;
import org.lambdamusic.contracts.model.ModelFormatException;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.contracts.model.NeighborsLayout;
import org.lambdamusic.contracts.model.Sha256;
import org.lambdamusic.contracts.model.TracksTable;
import org.lambdamusic.localstack.LocalObjectStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The real job against a real S3-compatible server (s3proxy), read back through the S3 API. */
class BatchJobIntegrationTest {
    @TempDir static Path temp;
    private static LocalObjectStore store;
    private static ObjectStoreSettings settings;
    private static S3Client s3;

    @BeforeAll
    static void startStore() {
        store = LocalObjectStore.startOnFreePort(temp.resolve("s3"));
        settings = store.settings();
        s3 =
                S3Client.builder()
                        .endpointOverride(URI.create(settings.endpoint()))
                        .forcePathStyle(true)
                        .region(Region.of(settings.region()))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                settings.accessKey(), settings.secretKey())))
                        .build();
    }

    @AfterAll
    static void stopStore() {
        if (s3 != null) {
            s3.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void publishesVerifiableDeterministicVersionsAndKeepsTheNewestN() throws IOException {
        String prefix = "models-dense";
        List<String> versions = new ArrayList<>();
        Map<String, Map<String, byte[]>> contents = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            JobRun run =
                    JobRun.run(
                            settings,
                            "--input",
                            JobRun.FIXTURE.toString(),
                            "--output",
                            "s3://" + settings.bucket() + "/" + prefix,
                            "--sample",
                            "200",
                            "--keep-versions",
                            "2");
            assertThat(run.exitCode()).as(run.err()).isZero();
            String version = run.version();
            assertThat(ModelVersion.isValid(version)).isTrue();
            assertThat(text(prefix + "/LATEST")).isEqualTo(version);
            contents.put(version, verifiedFiles(prefix, version));
            versions.add(version);
        }

        // Retention: the oldest of three is gone, LATEST points at the newest.
        assertThat(versionIds(prefix)).containsExactlyInAnyOrder(versions.get(1), versions.get(2));
        assertThat(keys(prefix + "/" + versions.get(0) + "/")).isEmpty();

        // Determinism: same input and seed, byte-identical model files.
        Map<String, byte[]> a = contents.get(versions.get(1));
        Map<String, byte[]> b = contents.get(versions.get(2));
        for (String file :
                List.of("tracks.csv.gz", "catalog.csv.gz", "similarity.f32", "scaler.json")) {
            assertThat(a.get(file)).as(file).isEqualTo(b.get(file));
        }

        ModelManifest manifest = manifest(prefix, versions.get(2));
        assertThat(manifest.mode()).isEqualTo(ModelManifest.MODE_DENSE);
        assertThat(manifest.rowCounts().raw()).isEqualTo(542);
        assertThat(manifest.rowCounts().dropped())
                .containsEntry("missing_required_field", 1L)
                .containsEntry("unparsable_feature", 0L)
                .containsEntry("duplicate_track_id", 42L);
        assertThat(manifest.rowCounts().clean()).isEqualTo(499);
        assertThat(manifest.rowCounts().sampled()).isEqualTo(200);
        assertThat(manifest.files().get("similarity.f32").shape()).containsExactly(200L, 200L);
        assertThat(manifest.timingsMs())
                .containsKeys("load_clean", "sample", "standardize", "similarity");
        assertThat(gunzipLines(b.get("tracks.csv.gz"))).hasSize(201);

        // catalog.csv.gz: the 299 clean tracks outside the sample, numbered on from 200, in input
        // order; with tracks.csv.gz, every clean track exactly once.
        assertThat(manifest.files().get("catalog.csv.gz").shape()).containsExactly(299L);
        List<CatalogTrack> sampled = table(b, "tracks.csv.gz", 0);
        List<CatalogTrack> rest = table(b, "catalog.csv.gz", 200);
        assertThat(rest).hasSize(299);
        assertThat(rest.get(0).row()).isEqualTo(200);
        assertThat(rest.get(298).row()).isEqualTo(498);
        List<String> fixtureOrder = fixtureTrackIds();
        assertThat(rest.stream().map(CatalogTrack::trackId).map(fixtureOrder::indexOf).toList())
                .isSorted();
        java.util.Set<String> ids = new java.util.HashSet<>();
        sampled.forEach(t -> ids.add(t.trackId()));
        rest.forEach(t -> ids.add(t.trackId()));
        assertThat(ids).hasSize(499);

        FloatBuffer m = floats(b.get("similarity.f32"));
        for (int i = 0; i < 200; i++) {
            assertThat(m.get(i * 200 + i)).isEqualTo(1f);
        }

        // --if-absent: LATEST serves a model of the requested sample, nothing happens...
        JobRun skipped =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.FIXTURE.toString(),
                        "--output",
                        "s3://" + settings.bucket() + "/" + prefix,
                        "--sample",
                        "200",
                        "--if-absent");
        assertThat(skipped.exitCode()).isZero();
        assertThat(skipped.out()).contains("skipped");
        assertThat(versionIds(prefix)).hasSize(2);

        // ...but asked for the full catalogue (PIPELINE_SAMPLE=all ./pipeline up), it builds one.
        JobRun full =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.FIXTURE.toString(),
                        "--output",
                        "s3://" + settings.bucket() + "/" + prefix,
                        "--sample",
                        "all",
                        "--top-k",
                        "5",
                        "--if-absent");
        assertThat(full.exitCode()).as(full.err()).isZero();
        assertThat(versionIds(prefix)).hasSize(3);
        assertThat(manifest(prefix, full.version()).sample()).isEqualTo("all");
    }

    @Test
    void readsTheInteractionArchiveFromTheStoreThroughS3a() throws IOException {
        // The archive beside the models prefix, as the speed layer writes it (the hidden
        // in-progress object included, which must not be read).
        for (Map.Entry<String, String> file : ArchiveFixture.files().entrySet()) {
            s3.putObject(
                    b -> b.bucket(settings.bucket()).key("views/interactions/" + file.getKey()),
                    software.amazon.awssdk.core.sync.RequestBody.fromString(file.getValue()));
        }
        JobRun run =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.FIXTURE.toString(),
                        "--output",
                        "s3://" + settings.bucket() + "/views/models",
                        "--sample",
                        "50");
        assertThat(run.exitCode()).as(run.err()).isZero();
        verifiedFiles("views/models", run.version());
        InteractionsInfo info = manifest("views/models", run.version()).interactions();
        assertThat(info.source()).isEqualTo("s3://" + settings.bucket() + "/views/interactions");
        assertThat(info.watermark().offsets()).isEqualTo(Map.of(0, 7L, 1, 12L, 2, 3L));
        assertThat(info.linesRead()).isEqualTo(21);
        assertThat(info.events()).isEqualTo(12);
        assertThat(info.listeners()).isEqualTo(5);

        // s3a:// given explicitly reads the same; a prefix with nothing under it gives empty views.
        JobRun explicit =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.FIXTURE.toString(),
                        "--output",
                        "s3://" + settings.bucket() + "/views/models",
                        "--sample",
                        "50",
                        "--interactions",
                        "s3a://" + settings.bucket() + "/views/interactions");
        assertThat(explicit.exitCode()).as(explicit.err()).isZero();
        assertThat(manifest("views/models", explicit.version()).interactions().watermark())
                .isEqualTo(info.watermark());
        JobRun empty =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.FIXTURE.toString(),
                        "--output",
                        "s3://" + settings.bucket() + "/views/models",
                        "--sample",
                        "50",
                        "--interactions",
                        "s3://" + settings.bucket() + "/views/nothing-here");
        assertThat(empty.exitCode()).as(empty.err()).isZero();
        InteractionsInfo none = manifest("views/models", empty.version()).interactions();
        assertThat(none.watermark().offsets()).isEmpty();
        assertThat(none.events()).isZero();
    }

    @Test
    void fullCatalogTopKMatchesTheSortedDenseMatrix() throws IOException {
        String prefix = "models-topk";
        JobRun topK =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.FIXTURE.toString(),
                        "--output",
                        "s3://" + settings.bucket() + "/" + prefix,
                        "--sample",
                        "all",
                        "--top-k",
                        "10");
        assertThat(topK.exitCode()).as(topK.err()).isZero();
        Map<String, byte[]> files = verifiedFiles(prefix, topK.version());
        ModelManifest manifest = manifest(prefix, topK.version());
        assertThat(manifest.mode()).isEqualTo(ModelManifest.MODE_TOP_K);
        assertThat(manifest.topK()).isEqualTo(10);
        assertThat(manifest.neighborsLayout()).isEqualTo(NeighborsLayout.DESCRIPTION);
        assertThat(manifest.sample()).isEqualTo("all");
        assertThat(manifest.files().get("neighbors.bin").shape()).containsExactly(499L, 10L);
        assertThat(files).doesNotContainKey("similarity.f32");

        // A dense model of every clean track has the same rows in the same order: its sorted rows
        // are the neighbour lists.
        Path dir = temp.resolve("dense-all");
        JobRun dense =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.FIXTURE.toString(),
                        "--output",
                        dir.toUri().toString(),
                        "--sample",
                        "499");
        assertThat(dense.exitCode()).as(dense.err()).isZero();
        Path version = dir.resolve(dense.version());
        assertThat(Files.readAllBytes(version.resolve("tracks.csv.gz")))
                .isEqualTo(files.get("tracks.csv.gz"));
        FloatBuffer m = floats(Files.readAllBytes(version.resolve("similarity.f32")));
        ByteBuffer nb = ByteBuffer.wrap(files.get("neighbors.bin")).order(ByteOrder.LITTLE_ENDIAN);
        int n = 499;
        for (int i = 0; i < n; i++) {
            final int row = i;
            List<Integer> others = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != row) {
                    others.add(j);
                }
            }
            others.sort(
                    (x, y) -> {
                        int c = Float.compare(m.get(row * n + y), m.get(row * n + x));
                        return c != 0 ? c : Integer.compare(x, y);
                    });
            for (int e = 0; e < 10; e++) {
                assertThat(nb.getInt()).isEqualTo(others.get(e));
                assertThat(nb.getFloat()).isEqualTo(m.get(row * n + others.get(e)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing file|no_such_file.csv|4832|input file not found",
                "empty file|empty.csv|4832|input file is empty",
                "header only|header_only.csv|4832|no data rows",
                "missing column|missing_column.csv|4832|lacks column(s) energy",
                "non-numeric column|non_numeric_column.csv|10|column 'energy' has no numeric value",
                "sample too large|non_numeric_feature.csv|18|is larger than the clean catalog (17 tracks)",
            })
    void badInputFailsWithOneLineAndPublishesNothing(
            String label, String file, String sample, String message) {
        String prefix = "models-bad-" + file.replace('.', '-');
        JobRun run =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.BAD.resolve(file).toString(),
                        "--output",
                        "s3://" + settings.bucket() + "/" + prefix,
                        "--sample",
                        sample);
        assertThat(run.exitCode()).isEqualTo(1);
        String lastLine = lastLine(run.err());
        assertThat(lastLine).startsWith("batch job failed: ").contains(message);
        assertThat(keys(prefix + "/")).isEmpty();
    }

    @Test
    void aRunIdGetsItsOutcomeAsARunResultNextToTheVersions() throws Exception {
        String prefix = "models-run-id";
        String output = "s3://" + settings.bucket() + "/" + prefix;
        ArtifactLayout layout = new ArtifactLayout(prefix);
        JobRun published =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.FIXTURE.toString(),
                        "--output",
                        output,
                        "--sample",
                        "50",
                        "--run-id",
                        "run-ok");
        assertThat(published.exitCode()).as(published.err()).isZero();
        BatchRunResult ok = BatchRunResult.read(bytes(layout.runResultKey("run-ok")), "run-ok");
        assertThat(ok.outcome()).isEqualTo(BatchRunResult.PUBLISHED);
        assertThat(ok.version()).isEqualTo(text(prefix + "/LATEST"));

        JobRun failed =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.BAD.resolve("no_such_file.csv").toString(),
                        "--output",
                        output,
                        "--run-id",
                        "run-bad");
        assertThat(failed.exitCode()).isEqualTo(1);
        BatchRunResult bad = BatchRunResult.read(bytes(layout.runResultKey("run-bad")), "run-bad");
        assertThat(bad.outcome()).isEqualTo(BatchRunResult.FAILED);
        assertThat("batch job failed: " + bad.error()).isEqualTo(lastLine(failed.err()));
        // The results are no version: LATEST and the versions are what they were.
        assertThat(text(prefix + "/LATEST")).isEqualTo(ok.version());
        assertThat(versionIds(prefix).stream().filter(ModelVersion::isValid))
                .containsExactly(ok.version());
    }

    @Test
    void rowsWithANonNumericFeatureAreDroppedAndCounted() {
        String prefix = "models-unparsable";
        JobRun run =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.BAD.resolve("non_numeric_feature.csv").toString(),
                        "--output",
                        "s3://" + settings.bucket() + "/" + prefix,
                        "--sample",
                        "10");
        assertThat(run.exitCode()).as(run.err()).isZero();
        ModelManifest manifest = manifest(prefix, run.version());
        // 20 rows: one energy "loud", one tempo "NaN", one repeated track_id.
        assertThat(manifest.rowCounts().raw()).isEqualTo(20);
        assertThat(manifest.rowCounts().dropped()).containsEntry("unparsable_feature", 2L);
        assertThat(manifest.rowCounts().dropped()).containsEntry("duplicate_track_id", 1L);
        assertThat(manifest.rowCounts().clean()).isEqualTo(17);
    }

    @Test
    void unreachableObjectStoreFailsBeforeAnyWork() {
        ObjectStoreSettings nowhere = settings.withEndpoint("http://127.0.0.1:" + closedPort());
        JobRun run =
                JobRun.run(
                        nowhere,
                        "--input",
                        JobRun.FIXTURE.toString(),
                        "--output",
                        "s3://" + settings.bucket() + "/models");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(lastLine(run.err())).contains("object store unreachable at http://127.0.0.1:");
        // The input is valid: the store, checked first, is what stopped the job.
    }

    @Test
    void aModelThatFailsValidationPublishesNothing() throws IOException {
        Path dir = temp.resolve("to-corrupt");
        JobRun run =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.FIXTURE.toString(),
                        "--output",
                        dir.toUri().toString(),
                        "--sample",
                        "50");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path version = dir.resolve(run.version());
        ModelManifest manifest =
                ContractsJson.read(
                        Files.readAllBytes(version.resolve("manifest.json")), ModelManifest.class);
        byte[] similarity = Files.readAllBytes(version.resolve("similarity.f32"));
        ByteBuffer.wrap(similarity).order(ByteOrder.LITTLE_ENDIAN).putFloat(4, Float.NaN);
        // The checksum is made to match, so the NaN check itself must catch it.
        Map<String, ArtifactFile> listed = new LinkedHashMap<>(manifest.files());
        listed.put(
                "similarity.f32",
                new ArtifactFile(similarity.length, Sha256.hex(similarity), List.of(50L, 50L)));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String file : manifest.files().keySet()) { // the batch views' files too
            files.put(file, Files.readAllBytes(version.resolve(file)));
        }
        files.put("similarity.f32", similarity);
        ModelArtifact corrupt = new ModelArtifact(manifest.withFiles(listed), files);

        String prefix = "models-invalid";
        try (ModelStore target =
                ModelStore.open(
                        OutputLocation.parse("s3://" + settings.bucket() + "/" + prefix),
                        settings)) {
            assertThatThrownBy(() -> ModelPublisher.publish(target, corrupt, 5))
                    .isInstanceOf(BatchJobException.class)
                    .hasMessageContaining("model failed validation")
                    .hasMessageContaining("similarity.f32[0][1] = NaN");
        }
        assertThat(keys(prefix + "/")).isEmpty();
    }

    @Test
    void realDatasetSampleModel() {
        String prefix = "models-real";
        JobRun run =
                JobRun.run(
                        settings,
                        "--input",
                        JobRun.FULL.toString(),
                        "--output",
                        "s3://" + settings.bucket() + "/" + prefix);
        assertThat(run.exitCode()).as(run.err()).isZero();
        ModelManifest manifest = manifest(prefix, run.version());
        assertThat(manifest.dataset().sha256())
                .isEqualTo("42b10569460e3f9e64b6c3a9cfff6e52f1dbbb5eac4397d7036d08aa88f1a03e");
        assertThat(manifest.rowCounts().raw()).isEqualTo(114_000);
        assertThat(manifest.rowCounts().dropped())
                .containsEntry("missing_required_field", 1L)
                .containsEntry("unparsable_feature", 0L)
                .containsEntry("duplicate_track_id", 24_259L);
        assertThat(manifest.rowCounts().clean()).isEqualTo(89_740);
        assertThat(manifest.rowCounts().sampled()).isEqualTo(4832);
        assertThat(manifest.files().get("similarity.f32").bytes()).isEqualTo(4832L * 4832 * 4);
    }

    // --- reading back through the S3 API ---

    /** Every file of a version, checked against the manifest's sizes and checksums. */
    private Map<String, byte[]> verifiedFiles(String prefix, String version) {
        ModelManifest manifest = manifest(prefix, version);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, ArtifactFile> entry : manifest.files().entrySet()) {
            byte[] bytes = bytes(prefix + "/" + version + "/" + entry.getKey());
            assertThat((long) bytes.length).as(entry.getKey()).isEqualTo(entry.getValue().bytes());
            assertThat(Sha256.hex(bytes)).as(entry.getKey()).isEqualTo(entry.getValue().sha256());
            files.put(entry.getKey(), bytes);
        }
        assertThat(keys(prefix + "/" + version + "/"))
                .hasSize(manifest.files().size() + 1); // + manifest.json
        return files;
    }

    private ModelManifest manifest(String prefix, String version) {
        try {
            return ContractsJson.read(
                    bytes(prefix + "/" + version + "/manifest.json"), ModelManifest.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private byte[] bytes(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key)).asByteArray();
    }

    private String text(String key) {
        return new String(bytes(key), StandardCharsets.UTF_8).trim();
    }

    private List<String> keys(String prefix) {
        return s3
                .listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
    }

    private List<String> versionIds(String prefix) {
        List<String> ids = new ArrayList<>();
        s3
                .listObjectsV2Paginator(
                        b -> b.bucket(settings.bucket()).prefix(prefix + "/").delimiter("/"))
                .commonPrefixes()
                .stream()
                .map(CommonPrefix::prefix)
                .forEach(p -> ids.add(p.substring(prefix.length() + 1, p.length() - 1)));
        return ids;
    }

    private static List<CatalogTrack> table(Map<String, byte[]> files, String file, int firstRow) {
        try {
            return TracksTable.read(new ByteArrayInputStream(files.get(file)), firstRow, file);
        } catch (ModelFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** The fixture's track ids in file order, first occurrence of each. */
    private static List<String> fixtureTrackIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(JobRun.FIXTURE).subList(1, 543)) {
            String id = line.split(",", 3)[1];
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static FloatBuffer floats(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    private static List<String> gunzipLines(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
