package org.lambdamusic.serving.admin;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.serving.model.ModelProperties;
import org.lambdamusic.serving.model.ModelStore;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.web.ErrorResponseException;

/**
 * {@code ./pipeline rollback <version>}: the same {@link ModelRollback} as the admin API, from the
 * shell, with no serving layer needed (the running ones swap at their next poll). Runs from the
 * serving jar ({@code -Dloader.main=...RollbackCommand ...PropertiesLauncher}); reads S3_* and
 * MODEL_ROOT like the app. Exit 0: LATEST points at the version; 1: refused or failed, LATEST
 * untouched; 2: usage.
 */
public final class RollbackCommand {
    private RollbackCommand() {}

    public static void main(String[] args) {
        // No Spring context here: without this, logback's default would print the AWS SDK's
        // debug output.
        LoggingSystem logging = LoggingSystem.get(RollbackCommand.class.getClassLoader());
        logging.beforeInitialize();
        logging.setLogLevel(null, LogLevel.WARN);
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(
            String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length != 1 || args[0].isBlank() || args[0].startsWith("-")) {
            err.println("usage: ./pipeline rollback <version>   (GET /api/models lists them)");
            return 2;
        }
        ObjectStoreSettings settings = ObjectStoreSettings.from(env);
        ModelProperties model =
                new ModelProperties(env.getOrDefault("MODEL_ROOT", "models"), Duration.ZERO);
        try {
            ModelStore store = ModelStore.standalone(settings, model);
            ModelRollback.Result result = new ModelRollback(store).rollBack(args[0].trim());
            out.println(
                    "LATEST now points at "
                            + result.version()
                            + " (was "
                            + result.previous()
                            + ") in "
                            + store.location()
                            + "; serving layers swap to it at their next poll");
            return 0;
        } catch (ErrorResponseException e) {
            err.println("rollback refused: " + e.getBody().getDetail());
            return 1;
        } catch (RuntimeException e) {
            err.println("rollback failed: " + e);
            return 1;
        }
    }
}
