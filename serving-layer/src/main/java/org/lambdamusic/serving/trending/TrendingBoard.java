package org.lambdamusic.serving.trending;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.lambdamusic.contracts.view.TrendingView;
import org.springframework.stereotype.Component;

/** The latest trending view from the compacted trending-tracks topic. */
@Component
public class TrendingBoard {
    private final AtomicReference<TrendingView> latest = new AtomicReference<>();

    public void update(TrendingView view) {
        latest.set(view);
    }

    public Optional<TrendingView> latest() {
        return Optional.ofNullable(latest.get());
    }
}
