package org.lambdamusic.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.cf.ItemFactors;
import org.lambdamusic.contracts.cf.ListenerFactors;
import org.lambdamusic.contracts.listener.BatchViews;

class ModelFactorsTest {
    private static final float[] COSINES = {1f, .5f, -.25f, .5f, 1f, 0f, -.25f, 0f, 1f};

    /** Factors of three tracks: two matrix rows (0, 2) and one outside the sample (row 4). */
    static Factors factors() {
        return new Factors(
                new FactorsInfo(FactorsInfo.ALGORITHM, 2, 0.05, 8, 12, 42, 9, 2, 3, 120),
                new ItemFactors(2, new int[] {0, 2, 4}, new float[] {1, 0, 0.5f, 0.5f, 0, 1}),
                new ListenerFactors(2, new String[] {"a", "b"}, new float[] {1, 2, 3, 4}));
    }

    private static ModelArtifact withFactors() {
        return ModelWriter.write(
                ModelReaderTest.header(5, 3, "3"),
                ModelReaderTest.SCALER,
                ModelReaderTest.tracks(0, 3),
                ModelReaderTest.tracks(3, 2),
                new SimilarityMatrix(3, COSINES),
                BatchViews.NONE,
                factors());
    }

    @Test
    void writesListsAndReadsBackTheFactors() throws Exception {
        ModelArtifact model = withFactors();

        ModelContent content = ModelReader.verify(model);

        assertThat(model.manifest().factors().rank()).isEqualTo(2);
        assertThat(model.manifest().files().get(FactorsInfo.ITEM_FILE).shape())
                .containsExactly(3L, 2L);
        assertThat(model.manifest().files().get(FactorsInfo.LISTENER_FILE).shape())
                .containsExactly(2L, 2L);
        assertThat(content.factors().items().rows()).containsExactly(0, 2, 4);
        assertThat(content.factors().items().values()).containsExactly(factors().items().values());
        assertThat(content.factors().listeners().of("b")).containsExactly(3f, 4f);
        assertThat(new String(model.manifestBytes()))
                .contains(
                        "\"factors\"",
                        "\"reg_param\"",
                        "\"algorithm\" : \"spark-ml-als-implicit\"");
    }

    @Test
    void aVersionWithoutFactorsReadsAsNone() throws Exception {
        ModelContent content = ModelReader.verify(ModelReaderTest.dense());

        assertThat(content.factors().present()).isFalse();
        assertThat(content.manifest().factors()).isNull();
    }

    @Test
    void refusesFactorsWhoseBytesDoNotMatchTheManifest() {
        ModelArtifact model = withFactors();
        Map<String, byte[]> files = new HashMap<>(model.files());
        byte[] items = files.get(FactorsInfo.ITEM_FILE).clone();
        items[5] ^= 1;
        files.put(FactorsInfo.ITEM_FILE, items);
        ModelArtifact tampered = new ModelArtifact(model.manifest(), files);

        assertThatThrownBy(() -> ModelReader.verify(tampered))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("sha256");
    }

    @Test
    void refusesAManifestListingFactorFilesWithoutAFactorsObject() throws Exception {
        ModelArtifact model = withFactors();
        ModelManifest m = model.manifest();
        ModelManifest noInfo =
                new ModelManifest(
                        m.version(),
                        m.createdAt(),
                        m.mode(),
                        m.dataset(),
                        m.rowCounts(),
                        m.seed(),
                        m.sample(),
                        m.features(),
                        m.topK(),
                        m.neighborsLayout(),
                        m.files(),
                        m.timingsMs(),
                        m.interactions(),
                        null,
                        null);

        assertThatThrownBy(() -> ModelReader.verify(new ModelArtifact(noInfo, model.files())))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("no factors object");
    }

    @Test
    void theEvaluationRoundTripsThroughTheManifest() throws Exception {
        Evaluation evaluation =
                new Evaluation(
                        "test",
                        10,
                        25,
                        Map.of(Evaluation.BLEND, new Evaluation.RankerQuality(.5, .2, .3, .01, 40)),
                        90);
        ModelManifest manifest = withFactors().manifest().withEvaluation(evaluation);

        ModelManifest back = ContractsJson.read(ContractsJson.write(manifest), ModelManifest.class);

        assertThat(back.evaluation()).isEqualTo(evaluation);
        assertThat(back.evaluation().blendNdcg()).isEqualTo(.2);
        assertThat(new String(ContractsJson.write(manifest))).contains("\"ndcg_at_10\":0.2");
    }
}
