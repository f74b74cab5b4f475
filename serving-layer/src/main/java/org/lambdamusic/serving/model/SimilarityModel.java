package org.lambdamusic.serving.model;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicLong;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.serving.catalog.ArtistIndex;
import org.lambdamusic.serving.catalog.Catalog;

/**
 * One loaded, verified model version: the catalog in matrix row order and the similarities, held as
 * primitive arrays rather than objects. Dense mode keeps the whole n×n float32 matrix in one array
 * (row-major); top-K mode keeps each row's K neighbours as parallel int/float arrays. Immutable
 * once built, so a request that picked it up keeps a consistent view while a newer one is swapped
 * in.
 */
public final class SimilarityModel {
    private static final AtomicLong GENERATIONS = new AtomicLong();

    private final long generation = GENERATIONS.incrementAndGet();
    private final ModelManifest manifest;
    private final Catalog catalog;
    private final ArtistIndex artists;
    private final float[] dense;
    private final int topK;
    private final int[] neighborRows;
    private final float[] neighborSims;
    private final Duration loadTime;
    private final Instant loadedAt = Instant.now();

    private SimilarityModel(
            ModelManifest manifest,
            Catalog catalog,
            float[] dense,
            int topK,
            int[] neighborRows,
            float[] neighborSims,
            Duration loadTime) {
        this.manifest = manifest;
        this.catalog = catalog;
        this.artists = new ArtistIndex(catalog);
        this.dense = dense;
        this.topK = topK;
        this.neighborRows = neighborRows;
        this.neighborSims = neighborSims;
        this.loadTime = loadTime;
    }

    /** A sample-mode model: {@code similarity} is n×n, row-major. */
    public static SimilarityModel dense(
            ModelManifest manifest, Catalog catalog, float[] similarity, Duration loadTime) {
        long n = catalog.size();
        if (similarity.length != n * n) {
            throw new IllegalArgumentException(
                    "similarity has " + similarity.length + " cells for " + n + " tracks");
        }
        return new SimilarityModel(manifest, catalog, similarity, 0, null, null, loadTime);
    }

    /** A full-catalog model: row i's neighbours at [i*k, (i+1)*k), best first, padding row -1. */
    public static SimilarityModel topK(
            ModelManifest manifest,
            Catalog catalog,
            int k,
            int[] neighborRows,
            float[] neighborSims,
            Duration loadTime) {
        long cells = (long) catalog.size() * k;
        if (neighborRows.length != cells || neighborSims.length != cells) {
            throw new IllegalArgumentException("neighbour arrays do not hold " + k + " per track");
        }
        return new SimilarityModel(
                manifest, catalog, null, k, neighborRows, neighborSims, loadTime);
    }

    /** Unique per loaded instance; keys caches so nothing computed on one model serves another. */
    public long generation() {
        return generation;
    }

    public String version() {
        return manifest.version();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public Catalog catalog() {
        return catalog;
    }

    public ArtistIndex artists() {
        return artists;
    }

    public int size() {
        return catalog.size();
    }

    public boolean isDense() {
        return dense != null;
    }

    /**
     * The dense matrix itself (row i at [i*n, (i+1)*n)), shared for the hot path; never modified.
     */
    public float[] denseMatrix() {
        return dense;
    }

    public int topK() {
        return topK;
    }

    /** Neighbour rows, k per track; shared, never modified. */
    public int[] neighborRows() {
        return neighborRows;
    }

    /** Neighbour cosines, parallel to {@link #neighborRows()}; shared, never modified. */
    public float[] neighborSims() {
        return neighborSims;
    }

    public Duration loadTime() {
        return loadTime;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /**
     * When the batch job built this version (manifest created_at), or the load time if unreadable.
     */
    public Instant createdAt() {
        try {
            return Instant.parse(manifest.createdAt());
        } catch (DateTimeParseException | NullPointerException e) {
            return loadedAt;
        }
    }
}
