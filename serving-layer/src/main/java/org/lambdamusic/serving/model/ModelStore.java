package org.lambdamusic.serving.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.ArtifactSource;
import org.lambdamusic.contracts.model.BatchRunResult;
import org.lambdamusic.contracts.model.ModelFormatException;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Read access to the published model versions in the bucket (ArtifactLayout), for the model loader
 * and for GET /api/models alike. A store that cannot be read raises {@link
 * ObjectStoreUnavailableException}; an absent object is an ordinary answer (empty, or {@link
 * NoSuchKeyException} where the caller decides).
 */
@Component
public class ModelStore {
    private static final Logger log = LoggerFactory.getLogger(ModelStore.class);
    private final S3Client s3;
    private final String bucket;
    private final ArtifactLayout layout;
    // A published version never changes, so its manifest is read once.
    private final Cache<String, ModelManifest> manifests =
            Caffeine.newBuilder().maximumSize(256).build();

    public ModelStore(S3Client s3, ObjectStoreSettings settings, ModelProperties properties) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.layout = new ArtifactLayout(properties.root());
    }

    /**
     * A store with an S3 client of its own, for a command-line tool that runs without the Spring
     * context ({@code ./pipeline rollback}); the client lives as long as the process.
     */
    public static ModelStore standalone(ObjectStoreSettings settings, ModelProperties properties) {
        return new ModelStore(new ObjectStoreClient().s3Client(settings), settings, properties);
    }

    public ArtifactLayout layout() {
        return layout;
    }

    /** {@code s3://bucket/root}, for logs. */
    public String location() {
        return "s3://" + bucket + "/" + layout.root();
    }

    /** The version LATEST points at, empty when nothing has been published yet. */
    public Optional<String> latestVersion() {
        try {
            byte[] bytes = read(layout.latestKey());
            return Optional.of(new String(bytes, StandardCharsets.UTF_8).trim());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Points LATEST at {@code version} (an operator's rollback): every serving layer swaps to it at
     * its next poll. The caller verifies the version first; this only writes the pointer.
     *
     * @throws ObjectStoreUnavailableException when the store cannot be written
     */
    public void pointLatestAt(String version) {
        try {
            s3.putObject(
                    b -> b.bucket(bucket).key(layout.latestKey()).contentType("text/plain"),
                    RequestBody.fromString(version, StandardCharsets.UTF_8));
        } catch (SdkException e) {
            throw new ObjectStoreUnavailableException(e);
        }
        log.info("LATEST now points at version={} in {}", version, location());
    }

    /**
     * The result a batch run given {@code runId} wrote (contracts' BatchRunResult), empty when it
     * wrote none.
     *
     * @throws ModelFormatException when the object is not that run's result
     * @throws ObjectStoreUnavailableException when the store cannot be read
     */
    public Optional<BatchRunResult> runResult(String runId) throws ModelFormatException {
        byte[] bytes;
        try {
            bytes = read(layout.runResultKey(runId));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        return Optional.of(BatchRunResult.read(bytes, runId));
    }

    /** The version ids present under the root, newest first. */
    public List<String> versions() {
        try {
            List<String> versions = new ArrayList<>();
            var listing =
                    s3.listObjectsV2Paginator(
                            ListObjectsV2Request.builder()
                                    .bucket(bucket)
                                    .prefix(layout.root().isEmpty() ? "" : layout.root() + "/")
                                    .delimiter("/")
                                    .build());
            for (CommonPrefix prefix : listing.commonPrefixes()) {
                String p = prefix.prefix();
                String id = p.substring(p.lastIndexOf('/', p.length() - 2) + 1, p.length() - 1);
                if (ModelVersion.isValid(id)) {
                    versions.add(id);
                }
            }
            versions.sort(Comparator.reverseOrder());
            return versions;
        } catch (SdkException e) {
            throw new ObjectStoreUnavailableException(e);
        }
    }

    /**
     * A version's manifest, empty when it is missing or unreadable (perhaps still being published:
     * not remembered, so a later call reads it again).
     */
    public Optional<ModelManifest> manifest(String version) {
        ModelManifest cached = manifests.getIfPresent(version);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            ModelManifest manifest =
                    ContractsJson.read(
                            read(layout.fileKey(version, ArtifactLayout.MANIFEST)),
                            ModelManifest.class);
            if (manifest == null) {
                return Optional.empty();
            }
            manifests.put(version, manifest);
            return Optional.of(manifest);
        } catch (NoSuchKeyException | ObjectStoreUnavailableException | IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The files of one version for {@code ModelReader}, streamed from the store while the reader
     * decodes and digests them, so nothing is held twice. A store that fails on open raises {@link
     * ObjectStoreUnavailableException}, one that fails mid-read makes the reader raise {@code
     * ArtifactSourceException}: both mean "try again later", never "this version is broken".
     */
    public ArtifactSource source(String version) {
        return file -> {
            String key = layout.fileKey(version, file);
            try {
                return open(key);
            } catch (NoSuchKeyException e) {
                throw new NoSuchFileException(key);
            }
        };
    }

    /**
     * @throws NoSuchKeyException when the object does not exist
     * @throws ObjectStoreUnavailableException when the store cannot be read
     */
    byte[] read(String key) {
        try {
            return s3.getObject(request(key), ResponseTransformer.toBytes()).asByteArray();
        } catch (NoSuchKeyException e) {
            throw e;
        } catch (SdkException e) {
            throw new ObjectStoreUnavailableException(e);
        }
    }

    /**
     * Streams an object; the caller closes the stream.
     *
     * @throws NoSuchKeyException when the object does not exist
     * @throws ObjectStoreUnavailableException when the store cannot be read
     */
    InputStream open(String key) {
        try {
            return s3.getObject(request(key));
        } catch (NoSuchKeyException e) {
            throw e;
        } catch (SdkException e) {
            throw new ObjectStoreUnavailableException(e);
        }
    }

    private GetObjectRequest request(String key) {
        return GetObjectRequest.builder().bucket(bucket).key(key).build();
    }
}
