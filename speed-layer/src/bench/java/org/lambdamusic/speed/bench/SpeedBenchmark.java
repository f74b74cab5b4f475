package org.lambdamusic.speed.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.speed.SpeedLayerMain;
import org.lambdamusic.speed.job.SpeedSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./pipeline bench speed}: measures the production job (same topology, Kafka source and
 * sinks, archive) on a fresh broker.
 *
 * <ol>
 *   <li>Writes BENCH_WARMUP_EVENTS events of other listeners ({@code warm-user-N}, event times in
 *       the 20 minutes before the measured ones) and one warm-up marker per partition, then
 *       BENCH_EVENTS events (Zipf tracks from the real catalog, BENCH_USERS users, event times
 *       spread over the last 20 minutes) to {@code user-interactions}, then one end marker per
 *       partition.
 *   <li>Bare consumer: reads the whole topic with a plain KafkaConsumer (the ceiling).
 *   <li>Starts the job from the earliest offset. Sustained events/s through validation, history,
 *       trending and archive, and the CPU per event, are timed from the views of all warm-up
 *       markers to the views of all end markers: the job is then past its JVM's warm-up (the JIT
 *       compiling Flink, Kafka and Jackson), as a job that runs for days is. The whole backlog from
 *       the job's first view, warm-up included, is reported beside it.
 *   <li>Latency: after BENCH_SETTLE_SECONDS (12, a checkpoint interval and more), BENCH_RATE
 *       events/s for BENCH_LATENCY_SECONDS, each stamped at send time; the time until a {@code
 *       user-profiles} record containing the event is read back.
 * </ol>
 */
public final class SpeedBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedBenchmark.class);
    private static final String MARKER_USER = "bench-end-";
    private static final String WARM_MARKER_USER = "bench-warm-";

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int events = Integer.parseInt(env.getOrDefault("BENCH_EVENTS", "1000000"));
        int warmupEvents = Integer.parseInt(env.getOrDefault("BENCH_WARMUP_EVENTS", "1000000"));
        int users = Integer.parseInt(env.getOrDefault("BENCH_USERS", "5000"));
        int rate = Integer.parseInt(env.getOrDefault("BENCH_RATE", "1000"));
        int latencySeconds = Integer.parseInt(env.getOrDefault("BENCH_LATENCY_SECONDS", "30"));
        double zipf = Double.parseDouble(env.getOrDefault("BENCH_ZIPF_EXPONENT", "1.1"));
        Path catalogFile =
                Path.of(
                        env.getOrDefault(
                                "BENCH_CATALOG", "../shared/datasets/spotify_tracks.csv.gz"));
        SpeedSettings settings = SpeedSettings.fromEnvironment();
        String bootstrap = settings.kafka().bootstrapServers();

        ZipfCatalog catalog = ZipfCatalog.load(catalogFile, zipf);
        LOG.info(
                "bench catalog={} tracks={} zipf_exponent={} users={} events={}",
                catalogFile,
                catalog.size(),
                zipf,
                users,
                events);

        // 1. The backlog.
        SplittableRandom random = new SplittableRandom(42);
        long now = System.currentTimeMillis();
        long producedBytes = 0;
        long t0 = System.nanoTime();
        int partitions = partitions(bootstrap);
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, "20")) {
            if (warmupEvents > 0) {
                // Other listeners than the measured ones, so the measured logs start empty as
                // they did before there was a warm-up; the code paths are the same.
                producedBytes +=
                        produce(
                                producer,
                                random,
                                catalog,
                                "warm-user-",
                                users,
                                warmupEvents,
                                // before the measured events' times: not late for trending
                                now - Duration.ofMinutes(20).toMillis());
                sendMarkers(producer, partitions, WARM_MARKER_USER, now);
            }
            producedBytes += produce(producer, random, catalog, "user-", users, events, now);
            sendMarkers(producer, partitions, MARKER_USER, now);
            producer.flush();
        }
        double produceSeconds = (System.nanoTime() - t0) / 1e9;
        LOG.info(
                "bench produced events={} (after {} warm-up events) avg_bytes={} in {}s ({} ev/s)",
                events,
                warmupEvents,
                producedBytes / (events + warmupEvents),
                round(produceSeconds),
                Math.round((events + warmupEvents) / produceSeconds));

        // 2. The ceiling: a bare consumer over the same records.
        double bareRate = bareConsumerRate(bootstrap);
        LOG.info("bench bare consumer {} ev/s", Math.round(bareRate));

        // 3. The job through the backlog.
        ViewWatcher watcher = new ViewWatcher(bootstrap, partitions);
        watcher.start();
        JobClient job = SpeedLayerMain.start(settings);
        // Batch runs while the job streams, as in production: each covers what the job has
        // checkpointed and archived, and the job trims its views to what the newest two leave.
        long retrainEvents = Long.parseLong(env.getOrDefault("BENCH_RETRAIN_EVENTS", "0"));
        long retrainMillis =
                Duration.parse("PT" + env.getOrDefault("BENCH_RETRAIN_EVERY", "0S")).toMillis();
        SimulatedBatchRuns batchRuns =
                new SimulatedBatchRuns(
                                bootstrap,
                                settings.consumerGroup(),
                                settings.modelsPath(),
                                retrainEvents,
                                retrainMillis)
                        .start();
        long running = System.nanoTime();
        long[] benchThreads = {Thread.currentThread().getId(), watcher.thread.getId()};
        // On a session cluster the job runs in other processes (BENCH_JOB_PIDS: its TaskManagers).
        List<Long> jobPids = pids(env.getOrDefault("BENCH_JOB_PIDS", ""));
        Cpu atStart = Cpu.now(running, benchThreads, jobPids, 0);
        Cpu warm = atStart;
        if (warmupEvents > 0) {
            warm = readingAfter(watcher.warmupEnd, running, benchThreads, jobPids);
            LOG.info(
                    "bench warm-up of {} events done {}s after RUNNING",
                    warmupEvents,
                    round((warm.at() - running) / 1e9));
        }
        Cpu end = readingAfter(watcher.end, running, benchThreads, jobPids);
        logCpuByThread(warm.byThread(), end.byThread(), events);
        Measured whole =
                Measured.between(atStart, end, events + warmupEvents)
                        .timedFrom(watcher.firstViewAt.get());
        // Without a warm-up the measured stretch is the whole backlog, timed from the first view
        // as it always was (the job's start is not in it).
        Measured measured = warmupEvents > 0 ? Measured.between(warm, end, events) : whole;
        if (!jobPids.isEmpty()) {
            LOG.info(
                    "bench backlog cpu of processes {}: {} us per event ({} cores busy)",
                    jobPids,
                    round(measured.jobProcessesMicrosPerEvent()),
                    round(measured.jobProcessesCores()));
        }
        LOG.info(
                "bench job {} ev/s over the {} measured events ({}s); the whole backlog {} ev/s from the first view, {} us of job CPU per event",
                Math.round(measured.rate()),
                events,
                round(measured.seconds()),
                Math.round(whole.rate()),
                round(whole.jobMicrosPerEvent()));
        LOG.info(
                "bench backlog views={} ({} events per view) job_cpu={} us per event ({} cores busy) process_cpu={} us per event",
                measured.views(),
                round((double) events / Math.max(1, measured.views())),
                round(measured.jobMicrosPerEvent()),
                round(measured.jobCores()),
                round(measured.processMicrosPerEvent()));

        // 4. Latency at a fixed rate, the job caught up and settled: for a few seconds after a
        // backlog it still checkpoints the state the backlog built, uploads the archive's parts
        // and collects the garbage (the probes sent then waited up to ~420 ms, printed as the
        // slowest seconds when BENCH_SETTLE_SECONDS is short).
        Thread.sleep(
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_SETTLE_SECONDS", "12")))
                        .toMillis());
        Percentiles latency = watcher.measureLatency(bootstrap, rate, latencySeconds, users);
        job.cancel().get();
        watcher.stop();
        batchRuns.close();

        String stretch = warmupEvents > 0 ? "after the warm-up" : "the whole backlog";
        String summary =
                String.format(
                        "%n| measure | value |%n|---|---|%n"
                                + "| events in backlog | %,d after %,d warm-up events of other listeners (%d users, %,d catalog tracks, Zipf s=%.1f, avg %d B) |%n"
                                + "| simulated batch runs (BENCH_RETRAIN_EVENTS %,d, BENCH_RETRAIN_EVERY %s) | %d |%n"
                                + "| producer (acks=all) | %,d ev/s |%n"
                                + "| bare KafkaConsumer, same topic | %,d ev/s |%n"
                                + "| speed job sustained (parallelism %d), %s | %,d ev/s |%n"
                                + "| job / bare consumer | %.2f |%n"
                                + "| user-profiles records, %s | %,d (%.1f events per view) |%n"
                                + "| CPU of the job, %s (the JVM minus the benchmark's main and view-watcher threads) | %.1f µs per event (%.2f cores busy) |%n"
                                + "| CPU of the whole JVM, %s | %.1f µs per event (%.2f cores busy) |%n"
                                + "| the whole backlog from a fresh JVM, warm-up included | %,d ev/s from the first view, %.1f µs of job CPU per event |%n"
                                + "| event-to-view latency at %,d ev/s (%d s, n=%,d) | p50 %d ms, p95 %d ms, p99 %d ms, max %d ms |%n",
                        events,
                        warmupEvents,
                        users,
                        catalog.size(),
                        zipf,
                        producedBytes / (events + warmupEvents),
                        retrainEvents,
                        env.getOrDefault("BENCH_RETRAIN_EVERY", "0S"),
                        batchRuns.published(),
                        Math.round((events + warmupEvents) / produceSeconds),
                        Math.round(bareRate),
                        settings.parallelism(),
                        stretch,
                        Math.round(measured.rate()),
                        measured.rate() / bareRate,
                        stretch,
                        measured.views(),
                        (double) events / Math.max(1, measured.views()),
                        stretch,
                        measured.jobMicrosPerEvent(),
                        measured.jobCores(),
                        stretch,
                        measured.processMicrosPerEvent(),
                        measured.processCores(),
                        Math.round(whole.rate()),
                        whole.jobMicrosPerEvent(),
                        rate,
                        latencySeconds,
                        latency.count(),
                        latency.p50(),
                        latency.p95(),
                        latency.p99(),
                        latency.max());
        System.out.println(summary);
        System.exit(0);
    }

    /**
     * Sends {@code count} random events of users {@code userPrefix}0.. with times spread over the
     * 20 minutes before {@code until}; their bytes.
     */
    private static long produce(
            KafkaProducer<byte[], byte[]> producer,
            SplittableRandom random,
            ZipfCatalog catalog,
            String userPrefix,
            int users,
            int count,
            long until) {
        long span = Duration.ofMinutes(20).toMillis();
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            InteractionEvent event =
                    randomEvent(
                            random, catalog, userPrefix, users, until - span + span * i / count);
            byte[] value = InteractionEventCodec.toJson(event);
            bytes += value.length;
            producer.send(
                    new ProducerRecord<>(
                            Topics.USER_INTERACTIONS,
                            event.userId().getBytes(StandardCharsets.UTF_8),
                            value));
            if (i > 0 && i % 250_000 == 0) {
                LOG.info("bench produced {} {}N events", i, userPrefix);
            }
        }
        return bytes;
    }

    /** One marker event per partition: its view tells that the job got past it. */
    private static void sendMarkers(
            KafkaProducer<byte[], byte[]> producer, int partitions, String userPrefix, long now) {
        for (int p = 0; p < partitions; p++) {
            InteractionEvent marker =
                    new InteractionEvent(
                            userPrefix + "marker-" + p,
                            userPrefix + p,
                            "marker",
                            InteractionType.PLAY,
                            now);
            producer.send(
                    new ProducerRecord<>(
                            Topics.USER_INTERACTIONS,
                            p,
                            marker.userId().getBytes(StandardCharsets.UTF_8),
                            InteractionEventCodec.toJson(marker)));
        }
    }

    /** Waits for the views of all {@code markers}, then reads the CPU used so far. */
    private static Cpu readingAfter(
            Markers markers, long running, long[] benchThreads, List<Long> jobPids)
            throws InterruptedException {
        while (markers.allSeenAt.get() == 0) {
            if (System.nanoTime() - running > Duration.ofMinutes(15).toNanos()) {
                throw new IllegalStateException(
                        "the job did not get through the backlog in 15 min");
            }
            // Short: the CPU reading taken on waking should be close to the markers' view.
            Thread.sleep(5);
        }
        return Cpu.now(markers.allSeenAt.get(), benchThreads, jobPids, markers.viewsByThen.get());
    }

    /** CPU used so far, read at (about) {@code at}, with the views the job had published. */
    private record Cpu(
            long at,
            long process,
            long bench,
            Map<String, Long> byThread,
            long jobProcesses,
            long views) {
        static Cpu now(long at, long[] benchThreads, List<Long> jobPids, long views) {
            return new Cpu(
                    at,
                    processCpuNanos(),
                    threadsCpuNanos(benchThreads),
                    cpuByThreadName(),
                    processesCpuNanos(jobPids),
                    views);
        }
    }

    /** The figures of a stretch of the backlog between two CPU readings. */
    private record Measured(Cpu from, Cpu to, long events, long startedAt) {
        static Measured between(Cpu from, Cpu to, long events) {
            return new Measured(from, to, events, from.at());
        }

        /** The same CPU, the rate timed from {@code startedAt} (e.g. the first view). */
        Measured timedFrom(long startedAt) {
            return new Measured(from, to, events, startedAt);
        }

        double seconds() {
            return (to.at() - startedAt) / 1e9;
        }

        double rate() {
            return events / seconds();
        }

        long views() {
            return to.views() - from.views();
        }

        /** Wall time between the two readings (the job's start too, for the whole backlog). */
        private double secondsBetweenReadings() {
            return (to.at() - from.at()) / 1e9;
        }

        /**
         * The job's share: the process minus the benchmark's own threads (this one, waiting, and
         * the view watcher, which reads and decompresses every view).
         */
        double jobMicrosPerEvent() {
            return ((to.process() - from.process()) - (to.bench() - from.bench())) / 1e3 / events;
        }

        double jobCores() {
            return jobMicrosPerEvent() * events / 1e6 / secondsBetweenReadings();
        }

        double processMicrosPerEvent() {
            return (to.process() - from.process()) / 1e3 / events;
        }

        double processCores() {
            return processMicrosPerEvent() * events / 1e6 / secondsBetweenReadings();
        }

        double jobProcessesMicrosPerEvent() {
            return (to.jobProcesses() - from.jobProcesses()) / 1e3 / events;
        }

        double jobProcessesCores() {
            return jobProcessesMicrosPerEvent() * events / 1e6 / secondsBetweenReadings();
        }
    }

    private static InteractionEvent randomEvent(
            SplittableRandom random,
            ZipfCatalog catalog,
            String userPrefix,
            int users,
            long timestamp) {
        double kind = random.nextDouble();
        InteractionType type =
                kind < 0.7
                        ? InteractionType.PLAY
                        : kind < 0.85 ? InteractionType.LIKE : InteractionType.SKIP;
        return new InteractionEvent(
                new UUID(random.nextLong(), random.nextLong()).toString(),
                userPrefix + random.nextInt(users),
                catalog.draw(random),
                type,
                timestamp);
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap, String lingerMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static int partitions(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            return c.partitionsFor(Topics.USER_INTERACTIONS, Duration.ofSeconds(30)).size();
        }
    }

    private static double bareConsumerRate(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(Topics.USER_INTERACTIONS, Duration.ofSeconds(30))
                    .forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long read = 0;
            long checksum = 0;
            long start = System.nanoTime();
            while (read < total) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    checksum += r.value().length; // touch the payload, as a consumer would
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            LOG.debug("bare consumer checksum {}", checksum);
            return read / seconds;
        }
    }

    /**
     * CPU time per thread name (digits folded, so a pool's threads add up), this JVM, from Linux's
     * /proc/self/task: unlike the JVM's thread bean it also sees the JIT compiler and GC threads,
     * which a fresh JVM keeps busy during a short backlog. Empty where there is no /proc.
     */
    private static Map<String, Long> cpuByThreadName() {
        Map<String, Long> byName = new java.util.TreeMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return byName;
        }
        for (java.io.File task : tasks) {
            try {
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                // pid (comm) state ppid ... utime(14) stime(15), comm may hold spaces
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String comm = stat.substring(open + 1, close).replaceAll("\\d+", "#");
                String[] fields = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                byName.merge(comm, ticks * 10_000_000L, Long::sum); // 100 ticks per second
            } catch (java.io.IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return byName;
    }

    /** Where the backlog's CPU went, by thread (threads that ended meanwhile are not counted). */
    private static void logCpuByThread(
            Map<String, Long> before, Map<String, Long> after, int events) {
        List<Map.Entry<String, Long>> used = new ArrayList<>();
        after.forEach(
                (name, cpu) -> used.add(Map.entry(name, cpu - before.getOrDefault(name, 0L))));
        used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder line =
                new StringBuilder("bench backlog cpu by thread (Linux names, us per event):");
        for (int i = 0; i < Math.min(16, used.size()); i++) {
            line.append(
                    String.format(
                            " [%s] %.2f;",
                            used.get(i).getKey(), used.get(i).getValue() / 1e3 / events));
        }
        LOG.info(line.toString());
    }

    private static List<Long> pids(String list) {
        List<Long> pids = new ArrayList<>();
        for (String pid : list.split("[,\\s]+")) {
            if (!pid.isBlank()) {
                pids.add(Long.parseLong(pid.trim()));
            }
        }
        return pids;
    }

    /** CPU time (user + system) of other processes, from Linux's /proc/<pid>/stat. */
    private static long processesCpuNanos(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            try {
                String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                sum += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
            } catch (java.io.IOException | RuntimeException e) {
                // gone
            }
        }
        return sum;
    }

    /** CPU time of the given threads of this JVM. */
    private static long threadsCpuNanos(long[] ids) {
        java.lang.management.ThreadMXBean threads =
                java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
    }

    /** CPU time of this JVM (the job and the bench's own threads), or 0 if unknown. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /**
     * One marker per partition: when the views of all of them had been read, and how many views by
     * then.
     */
    private static final class Markers {
        private final String userPrefix;
        private final int partitions;
        private final java.util.Set<String> seen = ConcurrentHashMap.newKeySet();
        private final AtomicLong viewsByThen = new AtomicLong();
        private final AtomicLong allSeenAt = new AtomicLong();

        Markers(String userPrefix, int partitions) {
            this.userPrefix = userPrefix;
            this.partitions = partitions;
        }

        void see(String key, long at, long views) {
            if (key.startsWith(userPrefix) && seen.add(key) && seen.size() == partitions) {
                viewsByThen.set(views); // before allSeenAt: who sees that time sees the count
                allSeenAt.set(at);
            }
        }
    }

    /** Reads user-profiles: when the first view and the markers arrive, and latencies. */
    private static final class ViewWatcher implements Runnable {
        private final String bootstrap;
        private final AtomicLong firstViewAt = new AtomicLong();
        private final AtomicLong viewsSeen = new AtomicLong();
        private final Markers warmupEnd;
        private final Markers end;
        private final Map<String, Long> pending = new ConcurrentHashMap<>();
        // The slowest event-to-view latency of each second the probes were sent in: where the
        // tail comes from, read beside the job's checkpoint lines.
        private final Map<Long, Long> slowest = new ConcurrentHashMap<>();
        private final List<Long> latencies =
                java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        ViewWatcher(String bootstrap, int partitions) {
            this.bootstrap = bootstrap;
            this.warmupEnd = new Markers(WARM_MARKER_USER, partitions);
            this.end = new Markers(MARKER_USER, partitions);
        }

        void start() {
            thread = new Thread(this, "bench-view-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
                List<TopicPartition> parts = new ArrayList<>();
                consumer.partitionsFor(Topics.USER_PROFILES, Duration.ofSeconds(30))
                        .forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
                consumer.assign(parts);
                consumer.seekToEnd(parts);
                parts.forEach(consumer::position);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        long at = System.nanoTime();
                        firstViewAt.compareAndSet(0, at);
                        long seen = viewsSeen.incrementAndGet();
                        String key = new String(r.key(), StandardCharsets.UTF_8);
                        warmupEnd.see(key, at, seen);
                        end.see(key, at, seen);
                        if (!pending.isEmpty()) {
                            long nowMs = System.currentTimeMillis();
                            for (String eventId : latencyEventIds(r.value())) {
                                Long sentAt = pending.remove(eventId);
                                if (sentAt != null) {
                                    latencies.add(nowMs - sentAt);
                                    slowest.merge(sentAt / 1000, nowMs - sentAt, Math::max);
                                }
                            }
                        }
                    }
                }
            } catch (Exception e) {
                LOG.error("view watcher failed", e);
            }
        }

        private static final String LATENCY_ID = "\"event_id\":\"lat-";

        /**
         * The ids of the latency probes in a view, found by a text search: parsing every 6 KB view
         * with data binding made this thread the bench's biggest CPU user, taken from the job. The
         * view's bytes are read as Latin-1 (the ids are ASCII) so the search is String.indexOf, a
         * JVM intrinsic: a byte-by-byte loop over 30-60 KB views made this thread, in JFR, busier
         * than the job's task thread during the latency phase, on the same two cores.
         */
        static List<String> latencyEventIds(byte[] view) {
            List<String> ids = new ArrayList<>();
            String text = new String(view, StandardCharsets.ISO_8859_1);
            int from = 0;
            while ((from = text.indexOf(LATENCY_ID, from)) >= 0) {
                int start = from + LATENCY_ID.length() - "lat-".length();
                int end = text.indexOf('"', start);
                ids.add(text.substring(start, end < 0 ? text.length() : end));
                from = end < 0 ? text.length() : end;
            }
            return ids;
        }

        Percentiles measureLatency(String bootstrap, int rate, int seconds, int users)
                throws InterruptedException {
            SplittableRandom random = new SplittableRandom(7);
            int total = rate * seconds;
            long intervalNanos = 1_000_000_000L / rate;
            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, "1")) {
                long start = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    long due = start + i * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long nowMs = System.currentTimeMillis();
                    InteractionEvent event =
                            new InteractionEvent(
                                    "lat-" + i,
                                    "user-" + random.nextInt(users),
                                    "track-" + random.nextInt(1000),
                                    InteractionType.PLAY,
                                    nowMs);
                    pending.put(event.eventId(), nowMs);
                    producer.send(
                            new ProducerRecord<>(
                                    Topics.USER_INTERACTIONS,
                                    event.userId().getBytes(StandardCharsets.UTF_8),
                                    InteractionEventCodec.toJson(event)));
                }
                producer.flush();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (!pending.isEmpty()) {
                LOG.warn("bench {} latency events never showed up in a view", pending.size());
            }
            long[] values;
            List<Map.Entry<Long, Long>> worst = new ArrayList<>(slowest.entrySet());
            worst.sort(Map.Entry.<Long, Long>comparingByValue().reversed());
            StringBuilder line = new StringBuilder("bench slowest seconds (sent at, max ms):");
            for (Map.Entry<Long, Long> second : worst.subList(0, Math.min(8, worst.size()))) {
                line.append(' ')
                        .append(java.time.Instant.ofEpochSecond(second.getKey()))
                        .append('=')
                        .append(second.getValue());
            }
            LOG.info(line.toString());
            synchronized (latencies) {
                values = latencies.stream().mapToLong(Long::longValue).toArray();
            }
            return Percentiles.of(values);
        }

        void stop() {
            running.set(false);
        }
    }
}
