package org.lambdamusic.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 API itself is exercised through the AWS SDK by the layers' integration tests; here: the
 * server starts on its port with the bucket in place, and keeps its files across a restart. (Signed
 * requests with a wrong secret are refused by s3proxy; unsigned ones are answered, which is why it
 * listens on 127.0.0.1 only.)
 */
class LocalObjectStoreTest {

    @TempDir Path dir;

    @Test
    void servesTheBucketFromFilesAndSurvivesRestart() throws Exception {
        try (LocalObjectStore store = LocalObjectStore.startOnFreePort(dir)) {
            String bucket = store.settings().bucket();
            assertThat(Files.isDirectory(dir.resolve("s3").resolve(bucket))).isTrue();
            Files.writeString(dir.resolve("s3").resolve(bucket).resolve("kept.txt"), "kept");
            assertThat(listing(store.endpoint() + "/" + bucket))
                    .contains("<Name>" + bucket + "</Name>", "<Key>kept.txt</Key>");

            store.restart();

            assertThat(listing(store.endpoint() + "/" + bucket)).contains("<Key>kept.txt</Key>");
        }
    }

    private static String listing(String url) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try (var in = connection.getInputStream()) {
            assertThat(connection.getResponseCode()).isEqualTo(200);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }
}
