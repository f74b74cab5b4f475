package org.lambdamusic.batch.publish;

import java.util.List;
import java.util.Optional;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.ArtifactLayout;

/**
 * The object store seen by the publisher: whole objects by key under one {@link ArtifactLayout}.
 */
public interface ModelStore extends AutoCloseable {

    ArtifactLayout layout();

    /** Fails with a one-line {@link BatchJobException} when the store cannot be used. */
    void checkReachable();

    void put(String key, byte[] bytes);

    /** Size of a stored object, or -1 when absent. */
    long size(String key);

    Optional<byte[]> get(String key);

    /** Version ids (direct children of the layout root), in no particular order. */
    List<String> versionIds();

    /** Deletes every object of a version. */
    void deleteVersion(String version);

    @Override
    void close();

    default Optional<String> latest() {
        return get(layout().latestKey())
                .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8).trim());
    }

    static ModelStore open(OutputLocation location, ObjectStoreSettings settings) {
        return location.isS3()
                ? new S3ModelStore(location, settings)
                : new DirectoryModelStore(location.directory());
    }
}
