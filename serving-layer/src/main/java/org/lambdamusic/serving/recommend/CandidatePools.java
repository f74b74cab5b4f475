package org.lambdamusic.serving.recommend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.Arrays;
import org.lambdamusic.contracts.ranking.TopScores;
import org.lambdamusic.serving.model.ModelSwapped;
import org.lambdamusic.serving.model.SimilarityModel;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Which candidates a seed's recommendations are chosen from.
 *
 * <p>Top-K models: the seed's K stored neighbours. Dense models: not all n tracks per request, but
 * every track that could reach the top {@value #MAX_TOP_N} after the artist boost. If the {@value
 * #MAX_TOP_N}th best cosine is T > 0, a boosted score never exceeds 1.2 × cosine, so a track with
 * cosine below T / 1.2 can never beat the {@value #MAX_TOP_N} unboosted tracks above it: the pool
 * is every track with cosine ≥ T / 1.2, sorted. It is computed with one scan of the seed's matrix
 * row and cached per (model, seed); a model swap empties the cache.
 */
@Component
public class CandidatePools {
    static final int MAX_TOP_N = 100;

    private final Cache<Long, CandidatePool> cache;
    private final ArtistBoost boost;

    public CandidatePools(RecommendProperties properties, ArtistBoost boost, MeterRegistry meters) {
        this.boost = boost;
        this.cache =
                Caffeine.newBuilder()
                        .maximumSize(properties.candidateCacheSize())
                        .recordStats()
                        .build();
        CaffeineCacheMetrics.monitor(meters, cache, "recommend.candidates");
    }

    CandidatePool of(SimilarityModel model, int seed) {
        if (!model.isDense()) {
            return neighbours(model, seed);
        }
        // The generation in the key keeps a pool computed on a model that was just swapped out
        // from ever serving the new one.
        long key = (model.generation() << 32) | seed;
        return cache.get(key, k -> densePool(model, seed, boost.factor()));
    }

    @EventListener
    public void on(ModelSwapped swapped) {
        cache.invalidateAll();
    }

    private static CandidatePool neighbours(SimilarityModel model, int seed) {
        int k = model.topK();
        int[] rows = model.neighborRows();
        int offset = seed * k;
        int length = 0;
        while (length < k && rows[offset + length] >= 0) {
            length++;
        }
        return new CandidatePool(rows, model.neighborSims(), offset, length);
    }

    /**
     * Every other track of a dense model, best first: for a listener who excluded so many of the
     * usual pool that fewer than top_n of it are left (rare; not cached).
     */
    static CandidatePool wholeRow(SimilarityModel model, int seed) {
        return densePool(model, seed, Double.POSITIVE_INFINITY);
    }

    /**
     * @param boostFactor the artist boost: the pool reaches down to T / factor
     */
    static CandidatePool densePool(SimilarityModel model, int seed, double boostFactor) {
        float[] matrix = model.denseMatrix();
        int n = model.size();
        int base = seed * n;
        TopScores best = new TopScores(Math.min(MAX_TOP_N, n - 1));
        for (int j = 0; j < n; j++) {
            if (j != seed) {
                best.offer(matrix[base + j], j, j);
            }
        }
        double cutoff = Double.NEGATIVE_INFINITY;
        if (best.size() == MAX_TOP_N && best.worstScore() > 0 && Double.isFinite(boostFactor)) {
            // A hair below T / 1.2 so that rounding never drops a track that could qualify.
            // A factor below 1 lowers boosted scores: then nothing under T can rise above it.
            cutoff = best.worstScore() / Math.max(1.0, boostFactor) - 1e-6;
        }
        int count = 0;
        for (int j = 0; j < n; j++) {
            if (j != seed && matrix[base + j] >= cutoff) {
                count++;
            }
        }
        long[] keys = new long[count];
        int used = 0;
        for (int j = 0; j < n; j++) {
            if (j != seed && matrix[base + j] >= cutoff) {
                keys[used++] = sortKey(matrix[base + j], j);
            }
        }
        Arrays.sort(keys);
        int[] rows = new int[count];
        float[] sims = new float[count];
        for (int i = 0; i < count; i++) {
            rows[i] = (int) keys[i];
            sims[i] = matrix[base + rows[i]];
        }
        return new CandidatePool(rows, sims, 0, count);
    }

    /** Ascending long order = cosine descending, then row ascending. */
    private static long sortKey(float sim, int row) {
        int bits = Float.floatToIntBits(sim);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff); // signed-int order equals float order
        return ((long) ~ordered << 32) | (row & 0xffffffffL);
    }
}
