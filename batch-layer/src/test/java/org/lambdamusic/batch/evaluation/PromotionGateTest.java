package org.lambdamusic.batch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.model.BatchRunResult.QualityGate;
import org.lambdamusic.contracts.model.Evaluation;
import org.lambdamusic.contracts.model.Evaluation.RankerQuality;

/** The gate's arithmetic; the job-level behaviour is in {@code QualityGateJobTest}. */
class PromotionGateTest {
    private static final PromotionGate GATE = new PromotionGate(0.02);

    @Test
    void aCandidateMoreThanTheMarginBelowTheServedVersionIsRejected() {
        QualityGate gate = GATE.judge(blend(0.25), "v1", blend(0.30));
        assertThat(gate.passed()).isFalse();
        assertThat(gate.candidateNdcg()).isEqualTo(0.25);
        assertThat(gate.servedNdcg()).isEqualTo(0.30);
        assertThat(gate.servedVersion()).isEqualTo("v1");
        assertThat(gate.margin()).isEqualTo(0.02);
    }

    @Test
    void aCandidateWithinTheMarginOrBetterPasses() {
        assertThat(GATE.judge(blend(0.29), "v1", blend(0.30)).passed()).isTrue();
        assertThat(GATE.judge(blend(0.28), "v1", blend(0.30)).passed()).isTrue(); // exactly 0.02
        assertThat(GATE.judge(blend(0.35), "v1", blend(0.30)).passed()).isTrue();
        assertThat(new PromotionGate(0).judge(blend(0.2999), "v1", blend(0.30)).passed()).isFalse();
    }

    @Test
    void withNothingServedOrAServedVersionWithoutEvaluationTheCandidatePasses() {
        QualityGate none = GATE.judge(blend(0.1), null, null);
        assertThat(none.passed()).isTrue();
        assertThat(none.servedNdcg()).isNull();
        QualityGate unevaluated = GATE.judge(blend(0.1), "v1", null);
        assertThat(unevaluated.passed()).isTrue();
        assertThat(unevaluated.servedVersion()).isEqualTo("v1");
    }

    @Test
    void aCandidateWithoutEvaluationIsNotJudged() {
        assertThat(GATE.judge(null, "v1", blend(0.3))).isNull();
    }

    @Test
    void aNegativeOrNonNumericMarginIsRefused() {
        assertThatThrownBy(() -> new PromotionGate(-0.01))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PromotionGate(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Evaluation blend(double ndcg) {
        return new Evaluation(
                "test",
                10,
                10,
                Map.of(Evaluation.BLEND, new RankerQuality(0.5, ndcg, 0.5, 0.1, 50)),
                1);
    }
}
