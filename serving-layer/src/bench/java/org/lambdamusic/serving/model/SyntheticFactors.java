package org.lambdamusic.serving.model;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.cf.ItemFactors;
import org.lambdamusic.contracts.cf.ListenerFactors;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.ArtifactSource;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.ModelArtifact;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelReader;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.contracts.model.ModelWriter;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A benchmark fixture, not a model: a copy of a real version (e.g. the full catalogue) with
 * SYNTHETIC collaborative-filtering factors of the contract's shape, for measuring the serving
 * layer's costs before the batch job trains real ones. The factors are not trained: each genre gets
 * a random direction, a track its genre's direction plus noise, a listener a genre's direction
 * scaled plus noise, so a listener's likes in one genre fold in towards it. The manifest's {@code
 * factors.algorithm} says "synthetic".
 *
 * <pre>
 * SyntheticFactors SOURCE OUT [share-of-tracks=1.0] [listeners=1324] [rank=32] [seed=7]
 * </pre>
 *
 * SOURCE is a version directory or a models root holding LATEST; OUT a directory (the version and
 * LATEST are written under it) or {@code s3://bucket/prefix} (the pipeline's store, S3_* from the
 * environment). Tracks with factors: the most popular share of the recommendable ones.
 */
public final class SyntheticFactors {
    private SyntheticFactors() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "usage: SyntheticFactors SOURCE OUT [share] [listeners] [rank] [seed]");
        }
        Path source = versionDir(Path.of(args[0]));
        double share = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        int listeners = args.length > 3 ? Integer.parseInt(args[3]) : 1324;
        int rank = args.length > 4 ? Integer.parseInt(args[4]) : AlsSettings.DEFAULT_RANK;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 7;

        ModelContent content =
                ModelReader.read(source.getFileName().toString(), ArtifactSource.directory(source));
        Factors factors = factors(content.tracks(), share, listeners, rank, seed);
        ModelManifest from = content.manifest();
        String version = ModelVersion.newId(Instant.now());
        ModelManifest header =
                ModelManifest.header(
                        version,
                        Instant.now().toString(),
                        from.dataset(),
                        from.rowCounts(),
                        from.seed(),
                        from.sample(),
                        from.timingsMs());
        ModelArtifact artifact =
                ModelWriter.write(
                        header,
                        content.scaler(),
                        content.tracks(),
                        content.unsampled(),
                        content.similarity(),
                        content.views(),
                        factors);
        Map<String, byte[]> files = new LinkedHashMap<>(artifact.files());
        files.put(ArtifactLayout.MANIFEST, artifact.manifestBytes()); // last: the pointer's rule
        String out = args[1];
        if (out.startsWith("s3://")) {
            upload(out, version, files);
        } else {
            write(Path.of(out.replaceFirst("^file://", "")), version, files);
        }
        System.out.printf(
                Locale.ROOT,
                "published %s to %s: SYNTHETIC factors, rank %d, %,d of %,d tracks, %,d"
                        + " listeners, %.1f MB of factor files%n",
                version,
                out,
                rank,
                factors.items().size(),
                content.tracks().size(),
                listeners,
                (files.get(FactorsInfo.ITEM_FILE).length
                                + files.get(FactorsInfo.LISTENER_FILE).length)
                        / 1e6);
    }

    static Factors factors(
            List<CatalogTrack> tracks, double share, int listeners, int rank, long seed) {
        Random random = new Random(seed);
        Map<String, float[]> genres = new HashMap<>();
        int[] rows =
                IntStream.range(0, tracks.size())
                        .boxed()
                        .sorted(
                                Comparator.comparingInt((Integer r) -> popularity(tracks.get(r)))
                                        .reversed()
                                        .thenComparing(r -> r))
                        .limit(Math.round(tracks.size() * Math.min(1.0, share)))
                        .mapToInt(Integer::intValue)
                        .sorted()
                        .toArray();
        float[] items = new float[rows.length * rank];
        for (int i = 0; i < rows.length; i++) {
            float[] g = genre(genres, tracks.get(rows[i]).trackGenre(), rank, random);
            for (int f = 0; f < rank; f++) {
                items[i * rank + f] =
                        (float) (0.6 * g[f] + 0.4 * random.nextGaussian() / Math.sqrt(rank));
            }
        }
        List<float[]> directions = List.copyOf(genres.values());
        String[] ids = new String[listeners];
        float[] users = new float[listeners * rank];
        for (int u = 0; u < listeners; u++) {
            ids[u] = String.format(Locale.ROOT, "synthetic-listener-%05d", u);
            float[] g = directions.get(random.nextInt(directions.size()));
            for (int f = 0; f < rank; f++) {
                users[u * rank + f] =
                        (float) (2 * g[f] + 0.5 * random.nextGaussian() / Math.sqrt(rank));
            }
        }
        FactorsInfo info =
                new FactorsInfo(
                        "synthetic (benchmark fixture, not trained)",
                        rank,
                        AlsSettings.DEFAULT_REG,
                        AlsSettings.DEFAULT_ALPHA,
                        AlsSettings.DEFAULT_ITERATIONS,
                        seed,
                        0,
                        listeners,
                        rows.length,
                        0);
        return new Factors(
                info, new ItemFactors(rank, rows, items), new ListenerFactors(rank, ids, users));
    }

    private static float[] genre(
            Map<String, float[]> genres, String name, int rank, Random random) {
        return genres.computeIfAbsent(
                String.valueOf(name),
                k -> {
                    float[] g = new float[rank];
                    for (int f = 0; f < rank; f++) {
                        g[f] = (float) (random.nextGaussian() / Math.sqrt(rank));
                    }
                    return g;
                });
    }

    private static int popularity(CatalogTrack t) {
        return t.popularity() == null ? -1 : t.popularity();
    }

    public static Path versionDir(Path dir) throws Exception {
        if (Files.isRegularFile(dir.resolve(ArtifactLayout.MANIFEST))) {
            return dir;
        }
        Path latest = dir.resolve(ArtifactLayout.LATEST);
        if (!Files.isRegularFile(latest)) {
            throw new IllegalArgumentException(dir + " holds neither manifest.json nor LATEST");
        }
        return dir.resolve(Files.readString(latest, StandardCharsets.UTF_8).trim());
    }

    private static void write(Path root, String version, Map<String, byte[]> files)
            throws Exception {
        Path dir = Files.createDirectories(root.resolve(version));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
        Files.writeString(root.resolve(ArtifactLayout.LATEST), version);
    }

    private static void upload(String uri, String version, Map<String, byte[]> files) {
        String rest = uri.substring("s3://".length());
        String bucket = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String prefix = rest.contains("/") ? rest.substring(rest.indexOf('/') + 1) : "";
        ArtifactLayout layout =
                new ArtifactLayout(prefix.isEmpty() ? ArtifactLayout.DEFAULT_ROOT : prefix);
        ObjectStoreSettings settings = ObjectStoreSettings.fromEnvironment();
        try (S3Client s3 = new ObjectStoreClient().s3Client(settings)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                s3.putObject(
                        b -> b.bucket(bucket).key(layout.fileKey(version, file.getKey())),
                        RequestBody.fromBytes(file.getValue()));
            }
            s3.putObject(
                    b -> b.bucket(bucket).key(layout.latestKey()),
                    RequestBody.fromBytes(version.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
