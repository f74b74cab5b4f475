package org.lambdamusic.serving.system;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * The variables every layer reads with the same names ({@code contracts} settings records hold
 * their defaults), looked up in Spring's environment, so a {@code -DALS_RANK=16} or a test property
 * works as well as the environment variable.
 */
public final class SharedVariables {
    private SharedVariables() {}

    /** The given keys that are set, to their values (absent keys take the record's default). */
    public static Map<String, String> of(Environment environment, List<String> keys) {
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
            String value = environment.getProperty(key);
            if (value != null) {
                values.put(key, value);
            }
        }
        return values;
    }
}
