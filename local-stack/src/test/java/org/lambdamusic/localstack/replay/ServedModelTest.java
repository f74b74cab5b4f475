package org.lambdamusic.localstack.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.localstack.LocalObjectStore;

/** The served model's catalogue read through the S3 API of a real (file-backed) store. */
class ServedModelTest {
    @TempDir static Path dir;
    private static LocalObjectStore store;

    @BeforeAll
    static void startStore() {
        store = LocalObjectStore.startOnFreePort(dir);
    }

    @AfterAll
    static void stopStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void theVersionLatestNamesIsReadAndVerified() throws Exception {
        String bucket = store.settings().bucket();
        // The store keeps each object as a file under <data>/s3/<bucket>/<key>.
        ReplayFixture.writeModel(dir.resolve("s3").resolve(bucket).resolve("served"));

        ModelContent model = ServedModel.load("s3://" + bucket + "/served", store.settings());

        assertThat(model.manifest().version()).isEqualTo(ReplayFixture.VERSION);
        assertThat(model.tracks())
                .extracting(CatalogTrack::trackId)
                .containsExactly("t-sig-1", "t-beat-1", "t-beat-2");
        assertThat(model.unsampled()).hasSize(5);
    }

    @Test
    void withoutLatestNoModelIsServed() {
        String bucket = store.settings().bucket();

        assertThatThrownBy(() -> ServedModel.load("s3://" + bucket + "/nothing", store.settings()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "no model is served: s3://"
                                + bucket
                                + "/nothing/LATEST does not exist (./pipeline up publishes one)");
    }

    @Test
    void theDefaultIsTheServingLayersModelRoot() {
        assertThat(ServedModel.defaultLocation(store.settings(), null))
                .isEqualTo("s3://" + store.settings().bucket() + "/models");
        assertThat(ServedModel.defaultLocation(store.settings(), "/elsewhere/"))
                .isEqualTo("s3://" + store.settings().bucket() + "/elsewhere");
    }
}
