package org.lambdamusic.serving.retrain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a retrain run is: queued → running → succeeded | failed | rejected (the version was written
 * but the quality gate kept the served one: {@code LATEST} unchanged).
 */
public enum RunState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    REJECTED;

    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
