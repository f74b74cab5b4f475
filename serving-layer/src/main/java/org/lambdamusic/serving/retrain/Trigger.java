package org.lambdamusic.serving.retrain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What started a retrain run: the cron schedule or POST /api/admin/retrain. */
public enum Trigger {
    SCHEDULE,
    API;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
