package org.lambdamusic.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;

class ClusterIdTest {

    /** About one random id in 64 starts with '-'; a few hundred draws would catch a regression. */
    @RepeatedTest(500)
    void neverLooksLikeAnOption() {
        String id = LocalKafkaBroker.newClusterId();
        assertThat(id).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
    }
}
