package org.lambdamusic.batch.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.ModelArtifact;
import org.lambdamusic.contracts.model.ModelFormatException;
import org.lambdamusic.contracts.model.ModelReader;
import org.lambdamusic.contracts.model.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a model version ({@link ModelReader#verify}) and publishes it so that a reader never
 * sees half of it: every file of the version, then its manifest, a size check of what the store now
 * holds, and only then {@code LATEST} (unless the quality gate kept the version from promotion:
 * then it is written and LATEST is left alone). Older versions beyond the newest {@code
 * keepVersions} are deleted afterwards; neither LATEST's target nor the new version ever is.
 */
public final class ModelPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);

    private ModelPublisher() {}

    /** What the publish did. */
    public record Published(String version, List<String> deletedVersions) {}

    public static Published publish(ModelStore store, ModelArtifact model, int keepVersions) {
        return publish(store, model, keepVersions, true);
    }

    /**
     * @param promote false: write the version but leave LATEST where it is (a rejected version)
     */
    public static Published publish(
            ModelStore store, ModelArtifact model, int keepVersions, boolean promote) {
        verify(model);
        ArtifactLayout layout = store.layout();
        String version = model.version();
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : model.files().entrySet()) {
            objects.put(layout.fileKey(version, file.getKey()), file.getValue());
        }
        objects.put(layout.fileKey(version, ArtifactLayout.MANIFEST), model.manifestBytes());
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            store.put(object.getKey(), object.getValue());
        }
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            long stored = store.size(object.getKey());
            if (stored != object.getValue().length) {
                throw new BatchJobException(
                        "upload check failed for "
                                + object.getKey()
                                + " ("
                                + stored
                                + " bytes stored, "
                                + object.getValue().length
                                + " sent); LATEST not updated");
            }
        }
        if (promote) {
            store.put(layout.latestKey(), version.getBytes(StandardCharsets.UTF_8));
        }
        return new Published(version, applyRetention(store, version, keepVersions));
    }

    /** The checks the serving layer applies when it loads a version; a failure is the job's. */
    public static void verify(ModelArtifact model) {
        try {
            ModelReader.verify(model);
        } catch (ModelFormatException e) {
            throw new BatchJobException("model failed validation: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes all but the newest {@code keep} versions, never {@code current} nor the one LATEST
     * names (an operator may have rolled back to an old one, or the gate kept LATEST on an older
     * one); a failure here only logs.
     */
    static List<String> applyRetention(ModelStore store, String current, int keep) {
        List<String> deleted = new ArrayList<>();
        try {
            List<String> versions =
                    new ArrayList<>(
                            store.versionIds().stream().filter(ModelVersion::isValid).toList());
            versions.sort(null); // ids sort by creation time
            String served = store.latest().orElse(current);
            int excess = versions.size() - keep;
            for (int i = 0; i < excess; i++) {
                String old = versions.get(i);
                if (!old.equals(current) && !old.equals(served)) {
                    store.deleteVersion(old);
                    deleted.add(old);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("retention failed, old versions kept: {}", e.getMessage());
        }
        return deleted;
    }
}
