package org.lambdamusic.batch.publish;

import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.BatchRunResult;

/**
 * Writes a run's {@link BatchRunResult} next to the versions of its output, for the caller that
 * gave the job a run id (the serving layer's retrainer): a file it reads, instead of a console line
 * it would have to match.
 */
public final class RunResultWriter {
    private RunResultWriter() {}

    /**
     * @throws RuntimeException when the store cannot be written (the caller then fails the run)
     */
    public static void write(String output, ObjectStoreSettings settings, BatchRunResult result) {
        try (ModelStore store = ModelStore.open(OutputLocation.parse(output), settings)) {
            store.put(store.layout().runResultKey(result.runId()), result.toJson());
        }
    }
}
