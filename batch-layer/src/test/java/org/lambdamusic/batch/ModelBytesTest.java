package org.lambdamusic.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.model.Sha256;

/**
 * The model's numbers must not move when the code around them does: the same fixture and seed give
 * these exact bytes. The checksums were recorded from the job as of commit b379b8b (before the
 * single batch path, picocli, the contracts' model writer and the top-K rework), so this test is
 * the before/after proof that none of those changed scaler.json, similarity.f32 or neighbors.bin.
 * (Spark runs local[2], as in every test: MLlib's scaler sums per partition.)
 */
class ModelBytesTest {
    @TempDir Path temp;

    @Test
    void denseSampleModelBytesAreUnchanged() throws IOException {
        Path version = run("dense", "--sample", "200", "--seed", "42");
        assertThat(sha256(version.resolve("scaler.json")))
                .isEqualTo("2c31661270ce04c62919bb1ec9af519d35eb9395d4678334d8feaa29d5a6c1f3");
        assertThat(sha256(version.resolve("similarity.f32")))
                .isEqualTo("a06ec9b12bb5af31c5ae46c069ab081a49ee759f6b7fc9bda93297bd92d92b17");
    }

    @Test
    void topKModelBytesAreUnchanged() throws IOException {
        Path version = run("top-k", "--sample", "all", "--top-k", "10", "--seed", "42");
        assertThat(sha256(version.resolve("scaler.json")))
                .isEqualTo("e255c630e35f763378bf7961689d680621121ef755013066ccc23de45db4c830");
        assertThat(sha256(version.resolve("neighbors.bin")))
                .isEqualTo("10977ec245a9429af6098696558aecb0285620e878347f3824ad11fa9c00146a");
    }

    private Path run(String name, String... options) {
        Path out = temp.resolve(name);
        String[] args = new String[options.length + 4];
        args[0] = "--input";
        args[1] = JobRun.FIXTURE.toString();
        args[2] = "--output";
        args[3] = out.toUri().toString();
        System.arraycopy(options, 0, args, 4, options.length);
        // The store settings are unused with a file:// output.
        JobRun run =
                JobRun.run(
                        new org.lambdamusic.contracts.config.ObjectStoreSettings(
                                "http://127.0.0.1:1", "unused", "us-east-1", "x", "y"),
                        args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return out.resolve(run.version());
    }

    private static String sha256(Path file) throws IOException {
        return Sha256.hex(Files.readAllBytes(file));
    }
}
