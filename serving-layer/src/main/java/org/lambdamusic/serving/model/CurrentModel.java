package org.lambdamusic.serving.model;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The model being served. A single reference swapped atomically: a request reads it once and works
 * on that instance to the end, so no request ever sees half of two models.
 */
@Component
public class CurrentModel {
    private final AtomicReference<SimilarityModel> model = new AtomicReference<>();
    private final ApplicationEventPublisher events;

    public CurrentModel(ApplicationEventPublisher events) {
        this.events = events;
    }

    public Optional<SimilarityModel> get() {
        return Optional.ofNullable(model.get());
    }

    /**
     * @throws ModelNotLoadedException before the first model is loaded
     */
    public SimilarityModel require() {
        SimilarityModel current = model.get();
        if (current == null) {
            throw new ModelNotLoadedException();
        }
        return current;
    }

    public void swap(SimilarityModel next) {
        SimilarityModel previous = model.getAndSet(next);
        events.publishEvent(new ModelSwapped(previous, next));
    }
}
