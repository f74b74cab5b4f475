package org.lambdamusic.contracts.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code similarity.f32}: the dense n×n cosine matrix, row-major float32 little-endian.
 *
 * @param cosines row i at [i*n, (i+1)*n)
 */
public record SimilarityMatrix(int n, float[] cosines) implements ModelSimilarity {

    public SimilarityMatrix {
        if ((long) n * n != cosines.length) {
            throw new IllegalArgumentException(cosines.length + " cosines for " + n + " tracks");
        }
    }

    @Override
    public String fileName() {
        return ArtifactLayout.SIMILARITY;
    }

    @Override
    public String mode() {
        return ModelManifest.MODE_DENSE;
    }

    @Override
    public byte[] encode() {
        ByteBuffer bytes =
                ByteBuffer.allocate(cosines.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(cosines);
        return bytes.array();
    }

    public float get(int i, int j) {
        return cosines[i * n + j];
    }
}
