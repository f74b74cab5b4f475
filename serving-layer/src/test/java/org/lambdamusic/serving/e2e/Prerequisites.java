package org.lambdamusic.serving.e2e;

import org.junit.jupiter.api.Assumptions;

/**
 * What an integration test needs from outside this module (a packaged layer, a browser). On a
 * developer machine a missing piece skips the test with a message; under {@code CI=true} it fails
 * it, so a CI run can never go green by silently skipping the tests that matter.
 */
public final class Prerequisites {
    private Prerequisites() {}

    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * @param missing what is absent and how to get it, shown in the skip or the failure
     */
    public static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if (onCi()) {
            throw new IllegalStateException("CI=true and " + missing);
        }
        Assumptions.abort(missing + " (a CI run fails here)");
    }
}
