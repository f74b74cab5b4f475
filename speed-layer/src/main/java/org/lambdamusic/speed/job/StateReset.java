package org.lambdamusic.speed.job;

import java.io.IOException;

/**
 * {@code ./pipeline reset speed}'s deletion (local-stack SpeedJob): removes the job's checkpoints
 * and savepoints under {@code SPEED_STATE_PATH}, a local folder or an object store prefix, through
 * the same Flink file systems and settings the job writes them with. Run only while the job is
 * stopped. Prints what it deleted; exit code 2 on a bad setting, 1 when the state could not be
 * deleted.
 */
public final class StateReset {
    private StateReset() {}

    public static void main(String[] args) {
        SpeedSettings settings;
        try {
            settings = SpeedSettings.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("speed layer configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        SpeedLayerEnvironment.initializeFileSystems(settings);
        try {
            boolean deleted = CheckpointLocator.deleteAll(settings.statePath());
            System.out.println(
                    (deleted ? "deleted speed layer state " : "no speed layer state at ")
                            + settings.statePath());
        } catch (IOException e) {
            System.err.println(
                    "could not delete speed layer state " + settings.statePath() + ": " + e);
            System.exit(1);
        }
        // The S3 client's threads are not daemons.
        System.exit(0);
    }
}
