package org.lambdamusic.serving.model;

import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.contracts.model.ModelFormatException;
import org.lambdamusic.contracts.model.ModelReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads one model version from the store through the contract's reader, which checks every file
 * against the manifest (size, sha256, shapes, row counts, contents) before anything is built, and
 * turns it into the in-memory {@link SimilarityModel} (catalogue indexes, ranking model, factors).
 */
@Component
public class ModelLoader {
    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final ModelStore store;
    private final FeedbackSettings feedback;

    public ModelLoader(ModelStore store, FeedbackSettings feedback) {
        this.store = store;
        this.feedback = feedback;
    }

    /**
     * @throws ModelFormatException when the version breaks the contract; it must not be served
     * @throws ObjectStoreUnavailableException when the store cannot be reached: try again later
     * @throws org.lambdamusic.contracts.model.ArtifactSourceException when the store failed while a
     *     file was read: try again later
     */
    public SimilarityModel load(String version) throws ModelFormatException {
        long started = System.nanoTime();
        ModelContent content = ModelReader.read(version, store.source(version));
        long read = System.nanoTime();
        SimilarityModel model = SimilarityModel.of(content, started, feedback);
        log.info(
                "model loaded version={} mode={} tracks={} catalog={} artists={} factors_rank={}"
                        + " factor_tracks={} factor_listeners={} read_ms={} index_ms={} load_ms={}",
                version,
                content.manifest().mode(),
                model.size(),
                model.catalog().size(),
                model.artists().artistCount(),
                model.hasFactors() ? model.factorsInfo().rank() : 0,
                model.hasFactors() ? model.ranking().items().size() : 0,
                model.factoredListeners(),
                (read - started) / 1_000_000,
                model.loadTime().toMillis() - (read - started) / 1_000_000,
                model.loadTime().toMillis());
        return model;
    }
}
