package org.lambdamusic.serving.retrain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.BatchRunResult;
import org.lambdamusic.serving.model.ModelPoller;
import org.lambdamusic.serving.model.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the batch job on demand or on schedule, one run at a time: across instances through the
 * object-store {@link RetrainLease}, taken before a run is accepted, so a second request (here or
 * on another instance) gets 409 naming the run that holds it. Each run is launched through Spark's
 * launcher ({@link SparkBatchJob}) on a worker thread of its own, its log written to a file. A
 * success makes the model poller swap in the new version at once; a failure leaves the served model
 * alone, counts in {@code retrain_runs_total{outcome="failed"}} and turns the {@code retrain}
 * health component to WARNING until the next success; so does a version the batch job's quality
 * gate rejected ({@code outcome="rejected"}, its figures in the run and in {@code
 * retrain_gate_ndcg{version}}). Every change of a run's state also goes to the {@link RunJournal}
 * in the bucket, so every instance lists and shows the runs of all of them.
 */
@Component
public class Retrainer {
    private static final Logger log = LoggerFactory.getLogger(Retrainer.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Log lines kept in the journal for other instances to show (the API shows up to 50). */
    static final int JOURNALED_LOG_LINES = RetrainController.LOG_TAIL_LINES;

    private static final Pattern RUN_ID = Pattern.compile("run-\\d{8}T\\d{6}Z-[0-9a-f]{6}");

    private final RetrainProperties properties;
    private final RetrainLease lease;
    private final RunJournal journal;
    private final SparkBatchJob job;
    private final ModelPoller poller;
    private final Clock clock;
    private final Path logDir;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter rejected;
    private final Timer duration;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(daemon("retrain-run"));
    private final ScheduledExecutorService renewals =
            Executors.newSingleThreadScheduledExecutor(daemon("retrain-lease"));
    // Taken while a run is being accepted (the lease's read and conditional write): never while
    // reading the runs, so GETs do not wait for it.
    private final ReentrantLock accepting = new ReentrantLock();
    private final Map<String, RetrainRun> runs = new LinkedHashMap<>();
    private volatile RetrainRun lastFailure;
    private volatile RetrainRun lastRejection;
    private volatile BatchRunResult.QualityGate lastGate;
    private volatile RetrainRun lastFinished;
    private volatile boolean shuttingDown;

    public Retrainer(
            RetrainProperties properties,
            RetrainLease lease,
            RunJournal journal,
            ModelStore store,
            ObjectStoreSettings s3,
            ModelPoller poller,
            MeterRegistry meters) {
        this.properties = properties;
        this.lease = lease;
        this.journal = journal;
        this.poller = poller;
        this.clock = Clock.systemUTC();
        this.logDir = Path.of(properties.logDir()).toAbsolutePath();
        String output =
                RetrainProperties.blank(properties.output())
                        ? store.location()
                        : properties.output();
        this.job = new SparkBatchJob(properties, s3, output, store::runResult);
        this.succeeded = outcomeCounter(meters, "succeeded");
        this.failed = outcomeCounter(meters, "failed");
        this.rejected = outcomeCounter(meters, "rejected");
        gateGauge(meters, "candidate", g -> g.candidateNdcg());
        gateGauge(meters, "served", g -> g.servedNdcg() == null ? Double.NaN : g.servedNdcg());
        this.duration =
                Timer.builder("retrain.run.duration")
                        .description("wall time of finished retrain runs, launch to outcome")
                        .register(meters);
    }

    private static Counter outcomeCounter(MeterRegistry meters, String outcome) {
        return Counter.builder("retrain.runs")
                .description("retrain runs finished, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** The blend NDCG@10 of one side of the last gate judgement (NaN before the first). */
    private void gateGauge(
            MeterRegistry meters,
            String side,
            java.util.function.ToDoubleFunction<BatchRunResult.QualityGate> figure) {
        Gauge.builder(
                        "retrain.gate.ndcg",
                        this,
                        r -> r.lastGate == null ? Double.NaN : figure.applyAsDouble(r.lastGate))
                .description(
                        "blend NDCG@10 the last quality gate compared: the run's version"
                                + " (candidate) and the served one")
                .tag("version", side)
                .register(meters);
    }

    public RetrainProperties properties() {
        return properties;
    }

    /**
     * Accepts a run: takes the lease and queues the job.
     *
     * @throws RetrainNotConfiguredException when the launch settings are missing
     * @throws RetrainBusyException when a run is queued or running, here or on another instance
     * @throws org.lambdamusic.serving.model.ObjectStoreUnavailableException when the lease cannot
     *     be read or written
     */
    public RetrainRun submit(Trigger trigger) {
        if (!properties.configured()) {
            throw new RetrainNotConfiguredException(properties.missing());
        }
        accepting.lock();
        try {
            Optional<RetrainRun> active = active();
            if (active.isPresent()) {
                throw new RetrainBusyException(active.get().runId(), lease.owner());
            }
            String runId = newRunId(clock.instant());
            RetrainLease.Attempt attempt = lease.tryAcquire(runId);
            if (!attempt.acquired()) {
                throw new RetrainBusyException(
                        attempt.busyWith().runId(), attempt.busyWith().owner());
            }
            RetrainRun run = RetrainRun.queued(runId, trigger, clock.instant());
            record(run);
            log.info("retrain accepted run_id={} trigger={}", runId, trigger.json());
            worker.execute(() -> execute(run, attempt.held()));
            return run;
        } finally {
            accepting.unlock();
        }
    }

    /**
     * Recent runs of every instance on the bucket (this one's own as it knows them, the others'
     * from the journal), newest first, at most the configured history.
     */
    public List<RetrainRun> runs() {
        Map<String, RetrainRun> all = new TreeMap<>(Comparator.reverseOrder());
        for (RunJournal.Entry entry : journal.recent(Math.max(1, properties.history()))) {
            all.put(entry.run().runId(), journaled(entry));
        }
        synchronized (runs) {
            all.putAll(runs);
        }
        return all.values().stream().limit(Math.max(1, properties.history())).toList();
    }

    /**
     * A run and the last {@code count} lines of its log: this instance's run and log file, else the
     * entry another instance journaled (read once), whose log tail is there once the run has
     * finished.
     */
    public Optional<RunJournal.Entry> describe(String runId, int count) {
        RetrainRun own;
        synchronized (runs) {
            own = runs.get(runId);
        }
        if (own != null) {
            return Optional.of(
                    new RunJournal.Entry(
                            own, lease.owner(), SparkBatchJob.tail(logFile(runId), count)));
        }
        return journal.find(runId)
                .map(
                        entry -> {
                            List<String> tail = entry.logTail();
                            return new RunJournal.Entry(
                                    journaled(entry),
                                    entry.instance(),
                                    tail.subList(Math.max(0, tail.size() - count), tail.size()));
                        });
    }

    /**
     * Another instance's run as its journal entry says, unless the entry says it is active while
     * the lease no longer names it: its instance stopped (kill -9, a crash) before it could record
     * the outcome, and the lease expired. Shown as failed, so nobody waits for it.
     */
    private RetrainRun journaled(RunJournal.Entry entry) {
        RetrainRun run = entry.run();
        if (!run.state().active()) {
            return run;
        }
        boolean held;
        try {
            held = lease.holder().map(h -> h.runId().equals(run.runId())).orElse(false);
        } catch (RuntimeException e) {
            return run; // the store cannot tell: as journaled
        }
        return held
                ? run
                : new RetrainRun(
                        run.runId(),
                        RunState.FAILED,
                        run.trigger(),
                        run.requestedAt(),
                        run.startedAt(),
                        null,
                        null,
                        "abandoned: its serving instance ("
                                + entry.instance()
                                + ") stopped before the run finished, and the retrain lease"
                                + " expired",
                        null);
    }

    /** Whether {@code id} has the shape {@link #newRunId} gives (safe in an object key). */
    static boolean isRunId(String id) {
        return id != null && RUN_ID.matcher(id).matches();
    }

    /** The failed run since which no run succeeded, or null. */
    public RetrainRun lastFailure() {
        return lastFailure;
    }

    /** The run the quality gate rejected since which no run succeeded, or null. */
    public RetrainRun lastRejection() {
        return lastRejection;
    }

    public RetrainRun lastFinished() {
        return lastFinished;
    }

    Optional<RetrainRun> active() {
        synchronized (runs) {
            return runs.values().stream().filter(r -> r.state().active()).findFirst();
        }
    }

    private void execute(RetrainRun queued, RetrainLease.Held held) {
        RetrainRun run = queued.running(clock.instant());
        record(run);
        long started = System.nanoTime();
        AtomicReference<String> stop = new AtomicReference<>();
        long renewEvery = Math.max(1, properties.leaseTtl().toMillis() / 3);
        ScheduledFuture<?> renewal =
                renewals.scheduleWithFixedDelay(
                        () -> renew(held, stop), renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        SparkBatchJob.Outcome outcome;
        try {
            log.info(
                    "retrain started run_id={} master={} args={} log={}",
                    run.runId(),
                    properties.sparkMaster(),
                    job.jobArgs(run.runId()),
                    logFile(run.runId()));
            outcome =
                    job.run(
                            run.runId(),
                            logFile(run.runId()),
                            () -> shuttingDown ? "the serving layer is shutting down" : stop.get());
        } catch (IOException | RuntimeException e) {
            log.error("retrain could not launch run_id={}", run.runId(), e);
            outcome = SparkBatchJob.Outcome.failed("could not launch the batch job: " + e);
        }
        renewal.cancel(false);
        duration.record(Duration.ofNanos(System.nanoTime() - started));
        RetrainRun done =
                outcome.succeeded()
                        ? run.succeeded(outcome.version(), outcome.gate(), clock.instant())
                        : outcome.rejected()
                                ? run.rejected(
                                        outcome.version(),
                                        outcome.error(),
                                        outcome.gate(),
                                        clock.instant())
                                : run.failed(outcome.error(), clock.instant());
        // Recorded before the lease is released: a run's [requested_at, finished_at] lies within
        // its lease, so the runs of all instances are disjoint intervals.
        record(done);
        lastFinished = done;
        held.release();
        if (outcome.gate() != null) {
            lastGate = outcome.gate();
        }
        if (outcome.succeeded()) {
            lastFailure = null;
            lastRejection = null;
            succeeded.increment();
            log.info("retrain succeeded run_id={} version={}", run.runId(), outcome.version());
            // Swap now rather than at the next poll.
            poller.poll();
        } else if (outcome.rejected()) {
            lastRejection = done;
            rejected.increment();
            log.warn(
                    "retrain rejected run_id={} version={} candidate_ndcg_at_10={}"
                            + " served_ndcg_at_10={} margin={}; the served model is unchanged",
                    run.runId(),
                    outcome.version(),
                    outcome.gate() == null ? null : outcome.gate().candidateNdcg(),
                    outcome.gate() == null ? null : outcome.gate().servedNdcg(),
                    outcome.gate() == null ? null : outcome.gate().margin());
        } else {
            lastFailure = done;
            failed.increment();
            log.error(
                    "retrain failed run_id={} reason=\"{}\" log={}; the served model is unchanged",
                    run.runId(),
                    outcome.error(),
                    logFile(run.runId()));
        }
    }

    private void renew(RetrainLease.Held held, AtomicReference<String> stop) {
        try {
            if (!held.renew()) {
                stop.compareAndSet(
                        null, "lost the retrain lease (it expired and another run took it)");
            }
        } catch (RuntimeException e) {
            // The store blinked: the lease still holds for its TTL; the next renewal tries again.
            log.warn("retrain lease not renewed run_id={}: {}", held.runId(), e.toString());
        }
    }

    private void record(RetrainRun run) {
        journal.write(
                new RunJournal.Entry(
                        run,
                        lease.owner(),
                        run.state().active()
                                ? List.of()
                                : SparkBatchJob.tail(logFile(run.runId()), JOURNALED_LOG_LINES)));
        if (!run.state().active()) {
            journal.prune(Math.max(1, properties.history()));
        }
        List<String> evicted = new ArrayList<>();
        synchronized (runs) {
            runs.put(run.runId(), run);
            var it = runs.values().iterator();
            while (runs.size() > Math.max(1, properties.history()) && it.hasNext()) {
                RetrainRun oldest = it.next();
                if (!oldest.state().active()) {
                    it.remove();
                    evicted.add(oldest.runId());
                }
            }
        }
        for (String id : evicted) {
            try {
                Files.deleteIfExists(logFile(id));
            } catch (IOException e) {
                log.debug("could not delete {}", logFile(id), e);
            }
        }
    }

    private Path logFile(String runId) {
        return logDir.resolve(runId + ".log");
    }

    /** {@code run-20261130T030000Z-1a2b3c}: sorts by time, unique enough for one bucket. */
    static String newRunId(Instant now) {
        return "run-" + STAMP.format(now) + "-" + String.format("%06x", RANDOM.nextInt(1 << 24));
    }

    /** Kills a running job (it would outlive this JVM otherwise) and releases the lease. */
    @PreDestroy
    public void shutdown() {
        shuttingDown = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(20, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        renewals.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
