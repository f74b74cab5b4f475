package org.lambdamusic.serving.model;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.ArtifactFile;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.DatasetRef;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.contracts.model.RowCounts;
import org.lambdamusic.contracts.model.ScalerParams;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Test helper that builds real model versions from {@code
 * datasets/fixtures/spotify_tracks_small.csv} following the batch layer contract (clean,
 * standardize like scikit-learn, dense cosine matrix, manifest with sizes, sha256 and shapes) and
 * publishes them to an S3 endpoint, files first and LATEST last. Independent of the batch module on
 * purpose: layers never depend on each other.
 */
public final class ModelFixtures {
    /** One fixture row: the fields the model keeps. */
    public record FixtureTrack(
            String trackId,
            String trackName,
            String artists,
            String albumName,
            String trackGenre,
            String popularity,
            double[] features) {}

    private ModelFixtures() {}

    public static Path fixtureCsv() {
        return Path.of(
                System.getProperty("datasets.dir", "../datasets"),
                "fixtures",
                "spotify_tracks_small.csv");
    }

    /** The fixture's clean tracks: required fields present and numeric, first row per track id. */
    public static List<FixtureTrack> cleanTracks() {
        try (BufferedReader in = Files.newBufferedReader(fixtureCsv(), StandardCharsets.UTF_8)) {
            List<String> header = TracksTable.record(in);
            Map<String, Integer> column = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                column.put(header.get(i), i);
            }
            Set<String> seen = new LinkedHashSet<>();
            List<FixtureTrack> tracks = new ArrayList<>();
            List<String> f;
            while ((f = TracksTable.record(in)) != null) {
                String id = f.get(column.get("track_id"));
                String name = f.get(column.get("track_name"));
                String artists = f.get(column.get("artists"));
                if (id.isEmpty() || name.isEmpty() || artists.isEmpty() || seen.contains(id)) {
                    continue;
                }
                double[] features = new double[AudioFeatures.COUNT];
                try {
                    for (int i = 0; i < features.length; i++) {
                        features[i] =
                                Double.parseDouble(f.get(column.get(AudioFeatures.NAMES.get(i))));
                    }
                } catch (NumberFormatException e) {
                    continue;
                }
                seen.add(id);
                tracks.add(
                        new FixtureTrack(
                                id,
                                name,
                                artists,
                                f.get(column.get("album_name")),
                                f.get(column.get("track_genre")),
                                f.get(column.get("popularity")),
                                features));
            }
            return tracks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A published version: its id and the files as stored. */
    public record Published(String version, ModelManifest manifest, Map<String, byte[]> files) {}

    public static S3Client s3(ObjectStoreSettings settings) {
        return S3Client.builder()
                .endpointOverride(java.net.URI.create(settings.endpoint()))
                .region(Region.of(settings.region()))
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        settings.accessKey(), settings.secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * Builds a dense version of the given tracks and publishes it (files, then LATEST).
     *
     * @param corruptSimilaritySha when true the manifest records a wrong sha256 for similarity.f32,
     *     which the serving layer must refuse
     */
    public static Published publish(
            S3Client s3, String bucket, List<FixtureTrack> tracks, boolean corruptSimilaritySha) {
        Published model = build(tracks, corruptSimilaritySha);
        ArtifactLayout layout = ArtifactLayout.defaults();
        for (Map.Entry<String, byte[]> file : model.files().entrySet()) {
            put(s3, bucket, layout.fileKey(model.version(), file.getKey()), file.getValue());
        }
        put(
                s3,
                bucket,
                layout.fileKey(model.version(), ArtifactLayout.MANIFEST),
                ContractsJson.writePretty(model.manifest()));
        put(s3, bucket, layout.latestKey(), model.version().getBytes(StandardCharsets.UTF_8));
        return model;
    }

    public static Published build(List<FixtureTrack> tracks, boolean corruptSimilaritySha) {
        int n = tracks.size();
        int d = AudioFeatures.COUNT;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (FixtureTrack t : tracks) {
            for (int f = 0; f < d; f++) {
                mean[f] += t.features()[f] / n;
            }
        }
        for (FixtureTrack t : tracks) {
            for (int f = 0; f < d; f++) {
                double diff = t.features()[f] - mean[f];
                scale[f] += diff * diff / n;
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
            for (int f = 0; f < d; f++) {
                unit[i][f] = norm == 0 ? 0 : unit[i][f] / norm;
            }
        }
        ByteBuffer matrix = ByteBuffer.allocate(n * n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int f = 0; f < d; f++) {
                    dot += unit[i][f] * unit[j][f];
                }
                matrix.putFloat(i == j ? 1f : (float) Math.max(-1, Math.min(1, dot)));
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ArtifactLayout.TRACKS, tracksCsvGz(tracks));
        files.put(
                ArtifactLayout.SCALER,
                ContractsJson.write(new ScalerParams(AudioFeatures.NAMES, mean, scale)));
        files.put(ArtifactLayout.SIMILARITY, matrix.array());
        Map<String, ArtifactFile> listed = new LinkedHashMap<>();
        listed.put(
                ArtifactLayout.TRACKS,
                entry(files.get(ArtifactLayout.TRACKS), List.of((long) n), false));
        listed.put(ArtifactLayout.SCALER, entry(files.get(ArtifactLayout.SCALER), null, false));
        listed.put(
                ArtifactLayout.SIMILARITY,
                entry(
                        files.get(ArtifactLayout.SIMILARITY),
                        List.of((long) n, (long) n),
                        corruptSimilaritySha));
        Instant now = Instant.now();
        String version = ModelVersion.newId(now);
        ModelManifest manifest =
                new ModelManifest(
                        version,
                        now.toString(),
                        ModelManifest.MODE_DENSE,
                        new DatasetRef(fixtureCsv().toUri().toString(), "0".repeat(64)),
                        new RowCounts(n, Map.of(), n, n),
                        42,
                        "all",
                        AudioFeatures.NAMES,
                        null,
                        null,
                        listed,
                        Map.of("total", 1L));
        return new Published(version, manifest, files);
    }

    private static ArtifactFile entry(byte[] bytes, List<Long> shape, boolean corrupt) {
        String sha = sha256(bytes);
        if (corrupt) {
            sha = (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1);
        }
        return new ArtifactFile(bytes.length, sha, shape);
    }

    private static byte[] tracksCsvGz(List<FixtureTrack> tracks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out =
                new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            out.write(ArtifactLayout.TRACKS_HEADER + "\n");
            for (int row = 0; row < tracks.size(); row++) {
                FixtureTrack t = tracks.get(row);
                StringBuilder line = new StringBuilder();
                line.append(row);
                for (String s :
                        List.of(
                                t.trackId(),
                                t.trackName(),
                                t.artists(),
                                t.albumName(),
                                t.trackGenre())) {
                    line.append(',').append(csv(s));
                }
                line.append(',').append(t.popularity());
                for (double v : t.features()) {
                    line.append(',').append(v);
                }
                out.write(line.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(S3Client s3, String bucket, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }
}
