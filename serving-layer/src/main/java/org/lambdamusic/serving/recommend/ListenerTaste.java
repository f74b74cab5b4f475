package org.lambdamusic.serving.recommend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.concurrent.atomic.AtomicReference;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.ranking.Taste;
import org.lambdamusic.serving.model.ModelSwapped;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.profile.Listener;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A listener's taste for "for you" (contracts {@link Taste}): their collaborative-filtering vector
 * and the content centroid of their liked tracks. The vector is the one the batch published when
 * the listener has no event after the served watermark, else the fold-in of their merged view
 * (batch view + speed events after it) into the served item factors, so a new listener's first
 * likes move their "for you" as soon as this instance has consumed them.
 *
 * <p>Kept per listener in a Caffeine cache with the last answer computed from it. An entry holds
 * only for the model instance and the merged view it was computed from (the view object {@code
 * Listeners} hands out: a new speed view, i.e. a new event, gives a new one), so nothing stale is
 * ever served; a model swap empties the cache.
 */
@Component
public class ListenerTaste {
    /** Null when the size is 0: then nothing is kept, not even until an eviction runs. */
    private final Cache<String, Entry> cache;

    public ListenerTaste(RecommendProperties properties, MeterRegistry meters) {
        if (properties.listenerCacheSize() > 0) {
            this.cache =
                    Caffeine.newBuilder()
                            .maximumSize(properties.listenerCacheSize())
                            .recordStats()
                            .build();
            CaffeineCacheMetrics.monitor(meters, cache, "recommend.listeners");
        } else {
            this.cache = null;
        }
    }

    /** What one answer was asked for: an entry's last answer is reused only for the same. */
    record Question(ScoringProfile profile, int topN, Exclude exclude) {}

    /** One listener's taste on one model and view, with the last answer ranked from it. */
    static final class Entry {
        private final long generation;
        private final ListenerView view;
        private final Taste taste;
        private final AtomicReference<Answer> last = new AtomicReference<>();

        private record Answer(Question question, Recommendations recommendations) {}

        Entry(long generation, ListenerView view, Taste taste) {
            this.generation = generation;
            this.view = view;
            this.taste = taste;
        }

        Taste taste() {
            return taste;
        }

        /** The answer to the same question ranked from this taste, or null. */
        Recommendations answer(Question question) {
            Answer answer = last.get();
            return answer != null && answer.question().equals(question)
                    ? answer.recommendations()
                    : null;
        }

        void remember(Question question, Recommendations recommendations) {
            last.set(new Answer(question, recommendations));
        }

        boolean isFor(SimilarityModel model, Listener listener) {
            return generation == model.generation() && view == listener.view();
        }
    }

    /** The listener's taste on this model, computed once per merged view. */
    Entry of(SimilarityModel model, Listener listener) {
        Entry cached = cache == null ? null : cache.getIfPresent(listener.userId());
        if (cached != null && cached.isFor(model, listener)) {
            return cached;
        }
        Entry fresh = new Entry(model.generation(), listener.view(), compute(model, listener));
        if (cache != null) {
            cache.put(listener.userId(), fresh); // a race computes the same value twice; no lock
        }
        return fresh;
    }

    /**
     * The taste itself, uncached: the batch's vector when the merged view is the batch view (no
     * event after the watermark), else the fold-in of the merged view's ratings.
     */
    static Taste compute(SimilarityModel model, Listener listener) {
        float[] batchFactors =
                listener.speedEvents() == 0 ? model.batchFactors(listener.userId()) : null;
        return model.ranking().taste(listener.view(), model.catalog(), batchFactors);
    }

    @EventListener
    public void on(ModelSwapped swapped) {
        if (cache != null) {
            cache.invalidateAll();
        }
    }
}
