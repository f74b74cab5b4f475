package org.lambdamusic.speed.served;

import java.io.Serializable;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the served version ({@link ServedWatermark#read}) while the job runs, off the task thread:
 * the operator calls {@link #poll()} on a processing-time timer and gets the answer of the read the
 * previous call started (a store that is slow or down delays the answer, never the events). A read
 * that fails is logged once until one succeeds again; the last answer stays in force meanwhile.
 */
public final class ServedVersionFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServedVersionFollower.class);

    /** Where the reads run. */
    public enum Reads implements Serializable {
        /** On a daemon thread of their own (the job). */
        BACKGROUND,
        /** In the calling thread, each poll answered at once (tests with a manual clock). */
        INLINE
    }

    private final String modelsPath;
    private final ExecutorService executor;
    private Future<Optional<ServedWatermark>> pending;
    private String lastFailure;

    public ServedVersionFollower(String modelsPath, Reads reads) {
        this.modelsPath = modelsPath;
        this.executor =
                reads == Reads.BACKGROUND
                        ? Executors.newSingleThreadExecutor(
                                r -> {
                                    Thread t = new Thread(r, "speed-layer-served-version");
                                    t.setDaemon(true);
                                    return t;
                                })
                        : null;
    }

    /**
     * The answer of the last read if it has come in (empty when it has not, when there is no model
     * yet, or when the read failed), and starts the next read.
     */
    public Optional<ServedWatermark> poll() {
        Optional<ServedWatermark> answer = Optional.empty();
        if (pending != null && pending.isDone()) {
            answer = take(pending);
            pending = null;
        }
        if (pending == null) {
            pending = start(() -> ServedWatermark.read(modelsPath));
            if (pending.isDone()) {
                answer = take(pending);
                pending = null;
            }
        }
        return answer;
    }

    private Future<Optional<ServedWatermark>> start(Callable<Optional<ServedWatermark>> read) {
        if (executor != null) {
            return executor.submit(read);
        }
        FutureTask<Optional<ServedWatermark>> task = new FutureTask<>(read);
        task.run();
        return task;
    }

    private Optional<ServedWatermark> take(Future<Optional<ServedWatermark>> read) {
        try {
            Optional<ServedWatermark> served = read.get();
            if (lastFailure != null) {
                LOG.info("speed layer reads the served version under {} again", modelsPath);
                lastFailure = null;
            }
            return served;
        } catch (ExecutionException e) {
            String failure = String.valueOf(e.getCause());
            if (!failure.equals(lastFailure)) {
                LOG.warn(
                        "speed layer cannot read the served version under {} ({}); the views keep"
                                + " their current trim until it can",
                        modelsPath,
                        failure);
                lastFailure = failure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
