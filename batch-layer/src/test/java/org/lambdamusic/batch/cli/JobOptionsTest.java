package org.lambdamusic.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambdamusic.batch.BatchJobException;

class JobOptionsTest {
    @Test
    void defaults() {
        JobOptions o =
                JobOptions.parse(
                        new String[] {"--input", "x.csv", "--output", "file:///tmp/m"}, Map.of());
        assertThat(o.sample().count()).isEqualTo(4832);
        assertThat(o.seed()).isEqualTo(42);
        assertThat(o.topK()).isEqualTo(100);
        assertThat(o.keepVersions()).isEqualTo(5);
        assertThat(o.master()).isEqualTo("local[*]");
        assertThat(o.ifAbsent()).isFalse();
    }

    @Test
    void flagsAndEnvironment() {
        JobOptions o =
                JobOptions.parse(
                        new String[] {
                            "--input",
                            "x",
                            "--output",
                            "s3://b/models",
                            "--sample",
                            "all",
                            "--seed",
                            "7",
                            "--top-k",
                            "10",
                            "--keep-versions",
                            "2",
                            "--if-absent"
                        },
                        Map.of("SPARK_MASTER", "spark://h:7077"));
        assertThat(o.sample().isAll()).isTrue();
        assertThat(o.sample()).hasToString("all");
        assertThat(o.master()).isEqualTo("spark://h:7077");
        assertThat(o.ifAbsent()).isTrue();
    }

    @Test
    void badValuesAreRefusedWithOneLine() {
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--input", "x"}, Map.of()))
                .isInstanceOf(BatchJobException.class)
                .hasMessageContaining("--output");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {
                                            "--input", "x", "--output", "y", "--sample", "0"
                                        },
                                        Map.of()))
                .hasMessageContaining("--sample");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {
                                            "--input", "x", "--output", "y", "--top-k", "many"
                                        },
                                        Map.of()))
                .hasMessageContaining("--top-k");
    }
}
