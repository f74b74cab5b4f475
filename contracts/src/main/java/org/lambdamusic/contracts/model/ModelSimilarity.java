package org.lambdamusic.contracts.model;

/**
 * The similarity part of a model version: a dense matrix (sample mode) or the top-K neighbour lists
 * (full-catalog mode), held as primitive arrays.
 */
public sealed interface ModelSimilarity permits SimilarityMatrix, NeighborTable {

    /** Tracks (matrix rows). */
    int n();

    /** The file the similarity is stored in ({@link ArtifactLayout#SIMILARITY} or NEIGHBORS). */
    String fileName();

    /** The manifest {@code mode} ({@link ModelManifest#MODE_DENSE} or MODE_TOP_K). */
    String mode();

    /** The file's bytes, little-endian. */
    byte[] encode();
}
