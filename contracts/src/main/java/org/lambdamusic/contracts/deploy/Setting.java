package org.lambdamusic.contracts.deploy;

import java.util.Map;

/**
 * One setting of the pipeline's processes: the environment variable that overrides it and its
 * default, in the embedded default and in cluster mode (the same unless said).
 */
public record Setting(String variable, String defaultValue, String clusterDefault, String meaning) {

    public Setting(String variable, String defaultValue, String meaning) {
        this(variable, defaultValue, defaultValue, meaning);
    }

    /** The value in {@code env}, else the default of the mode. */
    public String value(Map<String, String> env, boolean cluster) {
        String set = env.get(variable);
        return set == null || set.isBlank()
                ? (cluster ? clusterDefault : defaultValue)
                : set.trim();
    }

    public String value(Map<String, String> env) {
        return value(env, false);
    }

    public int port(Map<String, String> env, boolean cluster) {
        String text = value(env, cluster);
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a port, got '" + text + "'");
        }
    }

    public int port(Map<String, String> env) {
        return port(env, false);
    }
}
