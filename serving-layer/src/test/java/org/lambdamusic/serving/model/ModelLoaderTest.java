package org.lambdamusic.serving.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.ArtifactSourceException;
import org.lambdamusic.contracts.model.ModelArtifact;
import org.lambdamusic.contracts.model.ModelFormatException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * ModelLoader over a stand-in S3 client: a broken version is refused (ModelFormatException, never
 * retried), while a store that fails to deliver is not (ObjectStoreUnavailableException: the next
 * poll tries again), wherever in the version the transfer breaks.
 */
class ModelLoaderTest {
    private static final String VERSION = TinyModel.VERSION;

    private final Map<String, byte[]> objects = new HashMap<>();
    private Function<String, InputStream> failures = key -> null;

    private final S3Client s3 =
            new S3Client() {
                @Override
                public <T> T getObject(
                        GetObjectRequest request,
                        ResponseTransformer<GetObjectResponse, T> transformer) {
                    InputStream failing = failures.apply(request.key());
                    byte[] bytes = objects.get(request.key());
                    if (failing == null && bytes == null) {
                        throw NoSuchKeyException.builder().message(request.key()).build();
                    }
                    InputStream body = failing != null ? failing : new ByteArrayInputStream(bytes);
                    try {
                        return transformer.transform(
                                GetObjectResponse.builder().build(),
                                AbortableInputStream.create(body));
                    } catch (Exception e) {
                        throw SdkClientException.create("transfer failed", e);
                    }
                }

                @Override
                public String serviceName() {
                    return "s3";
                }

                @Override
                public void close() {}
            };

    private final ModelLoader loader =
            new ModelLoader(
                    new ModelStore(
                            s3,
                            ObjectStoreSettings.from(Map.of()),
                            new ModelProperties("models", Duration.ofSeconds(5))),
                    FeedbackSettings.DEFAULTS);

    private void publishTinyModel() {
        ModelArtifact artifact = TinyModel.artifact(VERSION);
        artifact.files().forEach((name, bytes) -> objects.put(key(name), bytes.clone()));
        objects.put(key(ArtifactLayout.MANIFEST), artifact.manifestBytes());
    }

    private static String key(String file) {
        return ArtifactLayout.defaults().fileKey(VERSION, file);
    }

    @Test
    void aValidVersionLoadsWithItsWholeCatalogue() throws Exception {
        publishTinyModel();
        SimilarityModel model = loader.load(VERSION);
        assertThat(model.version()).isEqualTo(VERSION);
        assertThat(model.size()).isEqualTo(5);
        assertThat(model.catalog().size()).isEqualTo(7);
        assertThat(model.catalog().rowOf("u6")).isEqualTo(6);
        assertThat(model.isSample()).isTrue();
    }

    @Test
    void aChangedByteIsARefusal() {
        publishTinyModel();
        objects.get(key(ArtifactLayout.SIMILARITY))[7] ^= 1;
        assertThatThrownBy(() -> loader.load(VERSION))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("sha256");
    }

    @Test
    void aListedFileMissingFromTheStoreIsARefusal() {
        publishTinyModel();
        objects.remove(key(ArtifactLayout.CATALOG));
        assertThatThrownBy(() -> loader.load(VERSION))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("catalog.csv.gz is missing");
    }

    @Test
    void aStoreFailingOnASmallFileIsNotARefusal() {
        publishTinyModel();
        failures =
                key ->
                        key.endsWith(ArtifactLayout.TRACKS)
                                ? brokenAfter(objects.get(key), 20)
                                : null;
        assertThatThrownBy(() -> loader.load(VERSION))
                .isInstanceOf(ArtifactSourceException.class)
                .hasMessageContaining("tracks.csv.gz");
    }

    @Test
    void aStoreFailingInTheMiddleOfTheMatrixIsNotARefusal() {
        publishTinyModel();
        failures =
                key ->
                        key.endsWith(ArtifactLayout.SIMILARITY)
                                ? brokenAfter(objects.get(key), 40)
                                : null;
        assertThatThrownBy(() -> loader.load(VERSION))
                .isInstanceOf(ArtifactSourceException.class)
                .hasMessageContaining("similarity.f32");
    }

    /** The object's first bytes, then the body breaks off like a dropped connection. */
    private static InputStream brokenAfter(byte[] object, int bytes) {
        return new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent >= bytes) {
                    throw new IOException("connection reset");
                }
                return object[sent++] & 0xff;
            }
        };
    }
}
