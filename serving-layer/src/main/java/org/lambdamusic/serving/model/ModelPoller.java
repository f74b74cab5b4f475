package org.lambdamusic.serving.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lambdamusic.contracts.model.ModelFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Follows models/LATEST: at start (the first run is immediate) and then every poll interval, loads
 * a version it has not served yet, and swaps it in only when it passed every check. Whatever LATEST
 * names is followed, an older version too: that is how a rollback reaches every instance. A refused
 * version is remembered and logged once; the model already serving keeps serving. A store that
 * cannot be reached is not a refusal: the next poll tries again.
 */
@Component
public class ModelPoller {
    private static final Logger log = LoggerFactory.getLogger(ModelPoller.class);

    private final ModelStore store;
    private final ModelLoader loader;
    private final CurrentModel current;
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Counter swaps;
    private final Counter refusals;
    private volatile String lastProblem;
    private volatile String lastRefusal;

    public ModelPoller(
            ModelStore store, ModelLoader loader, CurrentModel current, MeterRegistry meters) {
        this.store = store;
        this.loader = loader;
        this.current = current;
        this.swaps =
                Counter.builder("serving.model.swaps")
                        .description("model versions swapped in")
                        .register(meters);
        this.refusals =
                Counter.builder("serving.model.refusals")
                        .description("model versions refused by their checks")
                        .register(meters);
    }

    /**
     * Synchronized: besides the schedule, a finished retrain or a rollback calls it to swap at
     * once, and two concurrent polls would load the same version twice.
     */
    @Scheduled(initialDelay = 0, fixedDelayString = "${serving.model.poll-interval}")
    public synchronized void poll() {
        Optional<String> latest;
        try {
            latest = store.latestVersion();
        } catch (RuntimeException e) {
            problem("model store unreachable at " + store.location() + ": " + e.getMessage());
            return;
        }
        if (latest.isEmpty()) {
            problem("no model published yet at " + store.location() + "/LATEST; waiting");
            return;
        }
        lastProblem = null;
        String version = latest.get();
        String serving = current.get().map(SimilarityModel::version).orElse(null);
        if (version.equals(serving) || refused.contains(version)) {
            return;
        }
        log.info(
                "model load started version={} from={} serving={}",
                version,
                store.location(),
                serving);
        try {
            SimilarityModel model = loader.load(version);
            current.swap(model);
            swaps.increment();
            log.info(
                    "model swapped version={} previous={} tracks={}",
                    version,
                    serving,
                    model.size());
        } catch (ModelFormatException e) {
            refused.add(version);
            refusals.increment();
            lastRefusal = version + ": " + e.getMessage();
            log.error(
                    "model refused version={} reason=\"{}\" serving={}",
                    version,
                    e.getMessage(),
                    serving);
        } catch (RuntimeException e) {
            problem("model version " + version + " could not be read, will retry: " + e);
        }
    }

    /** The last refused version and why, or null. */
    public String lastRefusal() {
        return lastRefusal;
    }

    /** Why the last poll found nothing to load, or null. */
    public String lastProblem() {
        return lastProblem;
    }

    private void problem(String message) {
        // Logged when it changes, not on every poll.
        if (!message.equals(lastProblem)) {
            log.warn("{}", message);
        }
        lastProblem = message;
    }
}
