package org.lambdamusic.serving.admin;

import org.lambdamusic.contracts.model.ArtifactSourceException;
import org.lambdamusic.contracts.model.ModelFormatException;
import org.lambdamusic.contracts.model.ModelReader;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.serving.model.ModelStore;
import org.lambdamusic.serving.model.ObjectStoreUnavailableException;

/**
 * Points models/LATEST back at an existing version, after reading it through the contract's reader
 * (the checks a serving layer applies before it swaps a version in), so a rollback can never
 * publish a version that would be refused. Used by POST /api/admin/rollback and by {@code
 * ./pipeline rollback} ({@link RollbackCommand}) alike.
 */
public final class ModelRollback {
    private final ModelStore store;

    public ModelRollback(ModelStore store) {
        this.store = store;
    }

    /** LATEST before and after. */
    public record Result(String previous, String version) {}

    /**
     * @throws UnknownVersionException when no such version is in the store
     * @throws CorruptVersionException when the version fails verification; LATEST is untouched
     * @throws ObjectStoreUnavailableException when the store cannot be read or written
     */
    public Result rollBack(String version) {
        if (!ModelVersion.isValid(version) || !store.versions().contains(version)) {
            throw new UnknownVersionException(version, store.location());
        }
        try {
            ModelReader.read(version, store.source(version));
        } catch (ModelFormatException e) {
            throw new CorruptVersionException(version, e.getMessage());
        } catch (ArtifactSourceException e) {
            throw new ObjectStoreUnavailableException(e);
        }
        String previous = store.latestVersion().orElse(null);
        store.pointLatestAt(version);
        return new Result(previous, version);
    }
}
