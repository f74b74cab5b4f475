package org.lambdamusic.localstack.supervisor;

import java.nio.file.Path;
import java.util.OptionalLong;

/** One line of {@code ./pipeline status}: running with a pid, or stopped. */
public record ProcessStatus(String name, OptionalLong pid, Path log) {
    public boolean running() {
        return pid.isPresent();
    }
}
