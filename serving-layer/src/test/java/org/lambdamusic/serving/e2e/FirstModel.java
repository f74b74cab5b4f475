package org.lambdamusic.serving.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.lambdamusic.contracts.model.ArtifactLayout;

/**
 * The first model of a fresh deployment, as the real batch job builds it from the dataset fixture:
 * a {@value #SAMPLE}-track sample, no interactions yet. Built once per JVM (the job takes tens of
 * seconds) and published into each test's own bucket.
 */
public final class FirstModel {
    public static final int SAMPLE = 300;

    private static String version;
    private static Map<String, byte[]> files;

    private FirstModel() {}

    /** Publishes the first model into {@code models} (LATEST names it) and returns its version. */
    public static synchronized String publishTo(StoredModels models) throws Exception {
        if (files == null) {
            Prerequisites.require(
                    BatchJobProcess.available(),
                    "the batch layer is not packaged at "
                            + BatchJobProcess.jar()
                            + " (mvn -pl batch-layer package -DskipTests)");
            try (TestStack scratch = TestStack.withOwnBucket();
                    StoredModels built = new StoredModels(scratch.s3Settings())) {
                Path dir = Files.createTempDirectory("first-model");
                String builtVersion =
                        BatchJobProcess.publish(
                                scratch.s3Settings(),
                                built.outputUri(),
                                String.valueOf(SAMPLE),
                                dir.resolve("batch"));
                Set<String> names =
                        new LinkedHashSet<>(built.read(builtVersion).manifest().files().keySet());
                names.add(ArtifactLayout.MANIFEST);
                files = built.rawFiles(builtVersion, names);
                version = builtVersion;
            }
        }
        models.publish(version, files);
        return version;
    }
}
