package org.lambdamusic.batch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.lambdamusic.contracts.config.ObjectStoreSettings;

/** Runs {@link BatchJobMain} in this JVM, capturing its exit code and last words. */
record JobRun(int exitCode, String out, String err) {

    static final Path DATASETS = Path.of(System.getProperty("datasets.dir", "../datasets"));
    static final Path FIXTURE = DATASETS.resolve("fixtures/spotify_tracks_small.csv");
    static final Path BAD = DATASETS.resolve("fixtures/bad");
    static final Path FULL =
            Path.of(System.getProperty("shared.datasets.dir", "../../shared/datasets"))
                    .resolve("spotify_tracks.csv.gz");

    static JobRun run(ObjectStoreSettings settings, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("S3_ENDPOINT", settings.endpoint());
        env.put("S3_BUCKET", settings.bucket());
        env.put("S3_REGION", settings.region());
        env.put("S3_ACCESS_KEY", settings.accessKey());
        env.put("S3_SECRET_KEY", settings.secretKey());
        env.put("SPARK_MASTER", "local[2]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                BatchJobMain.run(
                        args,
                        env,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new JobRun(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The version id printed on success. */
    String version() {
        return out.trim().replaceAll("^.* ", "");
    }
}
