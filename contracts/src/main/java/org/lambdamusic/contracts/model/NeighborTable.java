package org.lambdamusic.contracts.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code neighbors.bin}: each track's K most similar other tracks ({@link NeighborsLayout}).
 *
 * @param rows neighbour rows, row i's at [i*k, (i+1)*k), best first, -1 for padding
 * @param cosines their cosines, parallel to {@code rows}, NaN for padding
 */
public record NeighborTable(int n, int k, int[] rows, float[] cosines) implements ModelSimilarity {

    public NeighborTable {
        long cells = (long) n * k;
        if (k <= 0 || rows.length != cells || cosines.length != cells) {
            throw new IllegalArgumentException("neighbour arrays do not hold " + k + " per track");
        }
    }

    @Override
    public String fileName() {
        return ArtifactLayout.NEIGHBORS;
    }

    @Override
    public String mode() {
        return ModelManifest.MODE_TOP_K;
    }

    @Override
    public byte[] encode() {
        ByteBuffer bytes =
                ByteBuffer.allocate(rows.length * NeighborsLayout.ENTRY_BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN);
        for (int cell = 0; cell < rows.length; cell++) {
            bytes.putInt(rows[cell]).putFloat(cosines[cell]);
        }
        return bytes.array();
    }
}
