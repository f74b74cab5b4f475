package org.lambdamusic.serving.trending;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.serving.kafka.ViewTopicHandler;
import org.springframework.stereotype.Component;

/** The latest trending view from the compacted trending-tracks topic. */
@Component
public class TrendingBoard implements ViewTopicHandler {
    private final AtomicReference<TrendingView> latest = new AtomicReference<>();

    @Override
    public String topic() {
        return Topics.TRENDING_TRACKS;
    }

    /** Only the latest window matters; a tombstone (no value) leaves the last one showing. */
    @Override
    public void apply(String key, byte[] value, boolean live) throws IOException {
        if (value != null) {
            update(ContractsJson.read(value, TrendingView.class));
        }
    }

    public void update(TrendingView view) {
        latest.set(view);
    }

    public Optional<TrendingView> latest() {
        return Optional.ofNullable(latest.get());
    }
}
