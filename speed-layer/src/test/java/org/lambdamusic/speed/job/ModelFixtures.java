package org.lambdamusic.speed.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.DatasetRef;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.RowCounts;

/**
 * A published model as the speed layer sees it: {@code LATEST} and the version's manifest with its
 * {@code interactions.watermark}, in a {@code file://} models root (the job reads it through the
 * same Flink file systems as {@code s3://}).
 */
public final class ModelFixtures {
    private ModelFixtures() {}

    /** Writes the manifest, then LATEST (as the batch job does); {@code watermark} null: none. */
    public static void publish(Path models, String version, Watermark watermark)
            throws IOException {
        ModelManifest manifest =
                ModelManifest.header(
                        version,
                        Instant.now().toString(),
                        new DatasetRef("file:///fixture.csv", "0".repeat(64)),
                        new RowCounts(1, Map.of(), 1, 1),
                        42,
                        "1",
                        Map.of());
        if (watermark != null) {
            manifest =
                    manifest.withInteractions(
                            new InteractionsInfo(
                                    "file:///archive",
                                    Topics.USER_INTERACTIONS,
                                    watermark,
                                    0,
                                    0,
                                    0,
                                    0,
                                    0,
                                    0,
                                    null,
                                    null,
                                    0,
                                    0,
                                    Map.of(),
                                    50));
        }
        Path dir = Files.createDirectories(models.resolve(version));
        Files.write(dir.resolve(ArtifactLayout.MANIFEST), ContractsJson.writePretty(manifest));
        Files.writeString(models.resolve(ArtifactLayout.LATEST), version, StandardCharsets.UTF_8);
    }
}
