package org.lambdamusic.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.config.KafkaSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;

/**
 * ./pipeline prints and passes on the same connection defaults the Java code falls back to; this
 * keeps the two from drifting apart.
 */
class PipelineDefaultsTest {

    @Test
    void scriptDefaultsMatchTheContracts() throws Exception {
        Map<String, String> script = scriptDefaults(repoRoot().resolve("scripts/lib.sh"));

        assertThat(script)
                .containsEntry("S3_ENDPOINT", ObjectStoreSettings.DEFAULT_ENDPOINT)
                .containsEntry("S3_BUCKET", ObjectStoreSettings.DEFAULT_BUCKET)
                .containsEntry("S3_REGION", ObjectStoreSettings.DEFAULT_REGION)
                .containsEntry("S3_ACCESS_KEY", ObjectStoreSettings.DEFAULT_ACCESS_KEY)
                .containsEntry("S3_SECRET_KEY", ObjectStoreSettings.DEFAULT_SECRET_KEY)
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", KafkaSettings.DEFAULT_BOOTSTRAP_SERVERS);
    }

    private static Map<String, String> scriptDefaults(Path script) throws Exception {
        Pattern assignment = Pattern.compile("export (\\w+)=\"\\$\\{\\1:-([^}]*)}\"");
        Map<String, String> defaults = new HashMap<>();
        for (String line : Files.readAllLines(script)) {
            Matcher m = assignment.matcher(line.trim());
            if (m.matches()) {
                defaults.put(m.group(1), m.group(2));
            }
        }
        return defaults;
    }

    private static Path repoRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pipeline"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found");
    }
}
