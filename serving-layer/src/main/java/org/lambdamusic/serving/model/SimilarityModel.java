package org.lambdamusic.serving.model;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.cf.ListenerFactors;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelSimilarity;
import org.lambdamusic.contracts.model.NeighborTable;
import org.lambdamusic.contracts.model.ScalerParams;
import org.lambdamusic.contracts.model.SimilarityMatrix;
import org.lambdamusic.contracts.ranking.ArtistIndex;
import org.lambdamusic.contracts.ranking.RankingModel;
import org.lambdamusic.serving.catalog.Catalog;

/**
 * One loaded, verified model version: the whole catalogue and the similarities of its matrix rows,
 * held as primitive arrays rather than objects. Dense mode keeps the n×n float32 matrix in one
 * array (row-major); top-K mode keeps each row's K neighbours as parallel int/float arrays. It also
 * holds what "for you" and the scoring profiles rank with ({@link RankingModel}, contracts: the
 * recommendable rows' content vectors, popularity prior and collaborative-filtering factors with
 * their fold-in) and the batch listeners' factors. Immutable once built, so a request that picked
 * it up keeps a consistent view while a newer one is swapped in.
 */
public final class SimilarityModel {
    private static final AtomicLong GENERATIONS = new AtomicLong();

    private final long generation = GENERATIONS.incrementAndGet();
    private final ModelManifest manifest;
    private final Catalog catalog;
    private final ModelSimilarity similarity;
    private final Duration loadTime;
    private final Instant loadedAt = Instant.now();
    private final ScalerParams scaler;
    private final BatchViews views;
    private final Map<String, ListenerView> listeners;
    private final RankingModel ranking;
    private final FactorsInfo factorsInfo;
    private final ListenerFactors listenerFactors;

    private SimilarityModel(
            ModelManifest manifest,
            Catalog catalog,
            List<CatalogTrack> matrixTracks,
            ModelSimilarity similarity,
            ScalerParams scaler,
            BatchViews views,
            Factors factors,
            FeedbackSettings feedback,
            long startedNanos) {
        if (similarity.n() != catalog.matrixRows()) {
            throw new IllegalArgumentException(
                    similarity.n() + " similarity rows for " + catalog.matrixRows() + " tracks");
        }
        this.manifest = manifest;
        this.catalog = catalog;
        this.similarity = similarity;
        this.scaler = scaler;
        this.views = views;
        this.listeners = new HashMap<>(views.listeners().size() * 4 / 3 + 1);
        for (ListenerView listener : views.listeners()) {
            listeners.put(listener.userId(), listener);
        }
        this.factorsInfo = factors.info();
        this.listenerFactors = factors.present() ? factors.listeners() : null;
        this.ranking =
                new RankingModel(
                        matrixTracks,
                        scaler,
                        views.tracks(),
                        factors,
                        catalog.artists(),
                        trainedWith(factors.info()),
                        feedback);
        this.loadTime = Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * The in-memory form of a version {@code ModelReader} decoded and verified.
     *
     * @param startedNanos System.nanoTime() when loading began: the load time runs until the
     *     catalogue's indexes and the ranking model are built
     * @param feedback the rating rule's weights a listener is folded in with (ImplicitRatings)
     */
    public static SimilarityModel of(
            ModelContent content, long startedNanos, FeedbackSettings feedback) {
        Catalog catalog = new Catalog(content.tracks(), content.unsampled());
        return new SimilarityModel(
                content.manifest(),
                catalog,
                content.tracks(),
                content.similarity(),
                content.scaler(),
                content.views(),
                content.factors(),
                feedback,
                startedNanos);
    }

    /**
     * The settings the version's factors were trained with, from its manifest: the fold-in must
     * solve the equation the batch's last user step solved (same α, same λ), whatever the
     * environment says the next retrain will use. Without factors nothing is folded in.
     */
    private static AlsSettings trainedWith(FactorsInfo info) {
        return info == null
                ? AlsSettings.DEFAULTS
                : new AlsSettings(
                        info.rank(),
                        info.regParam(),
                        info.alpha(),
                        Math.max(1, info.iterations()),
                        info.seed());
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

    /** Every track of the version: the matrix rows first, then the catalogue outside the sample. */
    public Catalog catalog() {
        return catalog;
    }

    public ArtistIndex artists() {
        return catalog.artists();
    }

    /** Tracks with similarities (matrix rows): the sample, or the whole catalogue in top-K mode. */
    public int size() {
        return catalog.matrixRows();
    }

    /** True when the version is a sample: some catalogue tracks have no similarities. */
    public boolean isSample() {
        return catalog.size() > catalog.matrixRows();
    }

    public boolean isDense() {
        return similarity instanceof SimilarityMatrix;
    }

    /**
     * The dense matrix itself (row i at [i*n, (i+1)*n)), shared for the hot path; never modified.
     */
    public float[] denseMatrix() {
        return ((SimilarityMatrix) similarity).cosines();
    }

    public int topK() {
        return similarity instanceof NeighborTable t ? t.k() : 0;
    }

    /** Neighbour rows, k per track, -1 for padding; shared, never modified. */
    public int[] neighborRows() {
        return ((NeighborTable) similarity).rows();
    }

    /** Neighbour cosines, parallel to {@link #neighborRows()}; shared, never modified. */
    public float[] neighborSims() {
        return ((NeighborTable) similarity).cosines();
    }

    /** The standardization the batch job fitted: z = (x − mean) / scale per feature. */
    public ScalerParams scaler() {
        return scaler;
    }

    /**
     * The batch views of this version: listeners and track scores up to {@link #watermark()}. Held
     * by the model, so a swap replaces views and watermark in the same instant.
     */
    public BatchViews views() {
        return views;
    }

    public Watermark watermark() {
        return views.watermark();
    }

    /** A listener's batch view, or null when the archive up to the watermark has none. */
    public ListenerView batchListener(String userId) {
        return listeners.get(userId);
    }

    /** What "for you" and the scoring profiles rank with (the matrix rows only). */
    public RankingModel ranking() {
        return ranking;
    }

    /** True when the version carries collaborative-filtering factors. */
    public boolean hasFactors() {
        return factorsInfo != null;
    }

    /** How the version's factors were trained (manifest {@code factors}), or null without. */
    public FactorsInfo factorsInfo() {
        return factorsInfo;
    }

    /**
     * The factors the batch trained for a listener (a copy), or null when it trained none for them
     * or the version has no factors.
     */
    public float[] batchFactors(String userId) {
        return listenerFactors == null ? null : listenerFactors.of(userId);
    }

    /** Listeners with batch factors (0 without factors). */
    public int factoredListeners() {
        return listenerFactors == null ? 0 : listenerFactors.size();
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
