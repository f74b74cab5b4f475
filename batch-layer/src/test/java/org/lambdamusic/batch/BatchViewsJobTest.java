package org.lambdamusic.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.batch.interactions.ArchiveFixture;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.listener.BatchViewFiles;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.model.ArtifactSource;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.contracts.model.ModelReader;

/**
 * The whole job with batch views, file:// output: the archive beside the models folder is found by
 * default, the published version carries the views and reads back through contracts' ModelReader.
 */
class BatchViewsJobTest {
    private static final ObjectStoreSettings UNUSED =
            new ObjectStoreSettings("http://127.0.0.1:1", "unused", "us-east-1", "x", "y");

    @TempDir Path temp;

    @Test
    void publishesAVersionWithTheArchivesViews() throws Exception {
        ArchiveFixture.writeTo(temp.resolve("interactions"));
        Path models = temp.resolve("models");

        JobRun run = run(models);

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path version = models.resolve(run.version());
        ModelContent content = ModelReader.read(run.version(), ArtifactSource.directory(version));
        InteractionsInfo info = content.manifest().interactions();
        assertThat(info.source()).isEqualTo("file://" + temp.resolve("interactions"));
        assertThat(info.watermark().offsets()).isEqualTo(Map.of(0, 7L, 1, 12L, 2, 3L));
        assertThat(info.events()).isEqualTo(12);
        assertThat(info.historySize()).isEqualTo(50);
        assertThat(content.views().listeners()).hasSize(5);
        assertThat(content.views().tracks()).hasSize(3);
        assertThat(content.manifest().files())
                .containsKeys(BatchViewFiles.LISTENERS, BatchViewFiles.TRACK_SCORES);
        assertThat(content.manifest().timingsMs()).containsKey("batch_views");
        assertThat(
                        BatchViewFiles.readListeners(
                                Files.newInputStream(version.resolve(BatchViewFiles.LISTENERS))))
                .isEqualTo(content.views().listeners());

        // The same archive again: the same view files, byte for byte.
        JobRun again = run(models);
        assertThat(again.exitCode()).as(again.err()).isZero();
        Path second = models.resolve(again.version());
        for (String file : new String[] {BatchViewFiles.LISTENERS, BatchViewFiles.TRACK_SCORES}) {
            assertThat(Files.readAllBytes(second.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(version.resolve(file)));
        }
    }

    @Test
    void withoutAnArchiveTheViewsAreEmptyAndNoneRecordsNoSource() throws Exception {
        Path models = temp.resolve("models");
        JobRun missing = run(models);
        assertThat(missing.exitCode()).as(missing.err()).isZero();
        InteractionsInfo info = interactions(models, missing.version());
        assertThat(info.source()).endsWith("/interactions");
        assertThat(info.watermark().offsets()).isEmpty();
        assertThat(info.events()).isZero();

        ArchiveFixture.writeTo(temp.resolve("interactions"));
        JobRun none = run(models, "--interactions", "none");
        assertThat(none.exitCode()).as(none.err()).isZero();
        InteractionsInfo skipped = interactions(models, none.version());
        assertThat(skipped.source()).isNull();
        assertThat(skipped.events()).isZero();
        assertThat(skipped.listeners()).isZero();
    }

    private static InteractionsInfo interactions(Path models, String version) throws Exception {
        return ModelReader.read(version, ArtifactSource.directory(models.resolve(version)))
                .manifest()
                .interactions();
    }

    private static JobRun run(Path models, String... extra) throws IOException {
        String[] args = new String[6 + extra.length];
        args[0] = "--input";
        args[1] = JobRun.FIXTURE.toString();
        args[2] = "--output";
        args[3] = models.toUri().toString();
        args[4] = "--sample";
        args[5] = "50";
        System.arraycopy(extra, 0, args, 6, extra.length);
        return JobRun.run(UNUSED, args);
    }
}
