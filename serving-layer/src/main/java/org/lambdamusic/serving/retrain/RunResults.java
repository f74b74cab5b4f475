package org.lambdamusic.serving.retrain;

import java.util.Optional;
import org.lambdamusic.contracts.model.BatchRunResult;
import org.lambdamusic.contracts.model.ModelFormatException;

/** Where a finished run's {@link BatchRunResult} is read from (the model store). */
@FunctionalInterface
interface RunResults {
    /**
     * @return empty when the run wrote no result
     * @throws ModelFormatException when what is stored is not that run's result
     */
    Optional<BatchRunResult> read(String runId) throws ModelFormatException;
}
