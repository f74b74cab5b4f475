package org.lambdamusic.serving.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.ModelArtifact;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.contracts.model.ModelFormatException;
import org.lambdamusic.contracts.model.ModelReader;
import org.lambdamusic.serving.model.ObjectStoreClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The model versions in a test's object store, seen as an operator would: read one back through the
 * contract's reader, or publish one (files first, manifest, LATEST last).
 */
public final class StoredModels implements AutoCloseable {
    private final S3Client s3;
    private final String bucket;
    private final ArtifactLayout layout = ArtifactLayout.defaults();

    public StoredModels(ObjectStoreSettings settings) {
        this.bucket = settings.bucket();
        // The app's own client: one configuration (no Expect: 100-continue, see ObjectStoreClient)
        // for every S3 client in the test JVM, which share the JDK's keep-alive connections.
        this.s3 = new ObjectStoreClient().s3Client(settings);
    }

    /** Creates the bucket these settings name (a test's own, on a shared store). */
    public void createBucket() {
        s3.createBucket(b -> b.bucket(bucket));
    }

    /** The output URI the batch job publishes to. */
    public String outputUri() {
        return "s3://" + bucket + "/" + layout.root();
    }

    /** A published version, decoded and verified. */
    public ModelContent read(String version) throws ModelFormatException {
        return ModelReader.read(version, files(version));
    }

    /** A published version's files as they are stored, manifest.json among them. */
    public Map<String, byte[]> rawFiles(String version, Iterable<String> names) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : names) {
            files.put(name, get(layout.fileKey(version, name)));
        }
        return files;
    }

    /** Uploads a complete version and points LATEST at it. */
    public void publish(ModelArtifact artifact) {
        Map<String, byte[]> files = new LinkedHashMap<>(artifact.files());
        files.put(ArtifactLayout.MANIFEST, artifact.manifestBytes());
        publish(artifact.version(), files);
    }

    /** Uploads files as given (the manifest last) and points LATEST at the version. */
    public void publish(String version, Map<String, byte[]> files) {
        files.forEach(
                (name, bytes) -> {
                    if (!name.equals(ArtifactLayout.MANIFEST)) {
                        put(layout.fileKey(version, name), bytes);
                    }
                });
        put(layout.fileKey(version, ArtifactLayout.MANIFEST), files.get(ArtifactLayout.MANIFEST));
        put(layout.latestKey(), version.getBytes(StandardCharsets.UTF_8));
    }

    /** Points LATEST at a version already stored (as a rollback does). */
    public void pointLatestAt(String version) {
        put(layout.latestKey(), version.getBytes(StandardCharsets.UTF_8));
    }

    private org.lambdamusic.contracts.model.ArtifactSource files(String version) {
        return name -> {
            try {
                return s3.getObject(b -> b.bucket(bucket).key(layout.fileKey(version, name)));
            } catch (NoSuchKeyException e) {
                throw new NoSuchFileException(name);
            }
        };
    }

    private byte[] get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    private void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    @Override
    public void close() {
        s3.close();
    }
}
