package org.lambdamusic.serving.retrain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a retrain run is: queued → running → succeeded | failed. */
public enum RunState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED;

    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
