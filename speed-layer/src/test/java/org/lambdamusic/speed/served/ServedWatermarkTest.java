package org.lambdamusic.speed.served;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.speed.job.ModelFixtures;

class ServedWatermarkTest {
    @TempDir Path models;

    @Test
    void readsTheWatermarkOfTheVersionLatestNames() throws IOException {
        String version = ModelVersion.newId(Instant.now());
        Watermark watermark = new Watermark(Map.of(0, 41L, 2, 7L));
        ModelFixtures.publish(models, version, watermark);

        assertThat(ServedWatermark.read(models.toUri().toString()))
                .contains(new ServedWatermark(version, watermark));
    }

    @Test
    void aVersionWithoutBatchViewsHasNoWatermark() throws IOException {
        String version = ModelVersion.newId(Instant.now());
        ModelFixtures.publish(models, version, null);

        assertThat(ServedWatermark.read(models.toUri().toString()))
                .contains(new ServedWatermark(version, Watermark.NONE));
    }

    @Test
    void noLatestMeansNoModel() throws IOException {
        assertThat(ServedWatermark.read(models.toUri().toString())).isEmpty();
    }

    @Test
    void aLatestThatNamesNoVersionIsAnError() throws IOException {
        Files.writeString(models.resolve("LATEST"), "../../etc/passwd", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ServedWatermark.read(models.toUri().toString()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not name a model version");
    }
}
