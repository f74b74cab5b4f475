package org.lambdamusic.speed.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.speed.SpeedLayerMain;
import org.lambdamusic.speed.job.SpeedSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./pipeline bench views}: how big the views are under a steady stream while batch runs come
 * every few minutes. The production job (its defaults, {@code SpeedLayerMain.start}) on a fresh
 * broker and store; VIEWS_BENCH_RATE events/s (real catalogue tracks, Zipf, VIEWS_BENCH_USERS
 * listeners, 70/15/15 play/like/skip, stamped at send time) for VIEWS_BENCH_MINUTES; a simulated
 * batch run every VIEWS_BENCH_RETRAIN_EVERY covering what the job has checkpointed (0: none, the
 * views then hold everything since the start, up to the log's retention). Every {@code
 * user-profiles} record is measured as it is read back: bytes and events per view, per minute of
 * the run, and over the run after the first two batch runs.
 */
public final class ViewSizeBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(ViewSizeBenchmark.class);

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int rate = Integer.parseInt(env.getOrDefault("VIEWS_BENCH_RATE", "1000"));
        int users = Integer.parseInt(env.getOrDefault("VIEWS_BENCH_USERS", "5000"));
        int minutes = Integer.parseInt(env.getOrDefault("VIEWS_BENCH_MINUTES", "12"));
        Duration retrainEvery =
                Duration.parse("PT" + env.getOrDefault("VIEWS_BENCH_RETRAIN_EVERY", "3M"));
        Path catalogFile =
                Path.of(
                        env.getOrDefault(
                                "BENCH_CATALOG", "../shared/datasets/spotify_tracks.csv.gz"));
        SpeedSettings settings = SpeedSettings.fromEnvironment();
        String bootstrap = settings.kafka().bootstrapServers();
        ZipfCatalog catalog = ZipfCatalog.load(catalogFile, 1.1);
        LOG.info(
                "views bench rate={} ev/s users={} minutes={} retrain_every={} tracks={}",
                rate,
                users,
                minutes,
                retrainEvery,
                catalog.size());

        ViewSizes sizes = new ViewSizes(bootstrap);
        sizes.start();
        JobClient job = SpeedLayerMain.start(settings);
        long started = System.nanoTime();
        SimulatedBatchRuns batchRuns =
                new SimulatedBatchRuns(
                                bootstrap,
                                settings.consumerGroup(),
                                settings.modelsPath(),
                                0,
                                retrainEvery.toMillis())
                        .start();

        SplittableRandom random = new SplittableRandom(11);
        long total = (long) rate * minutes * 60;
        long intervalNanos = 1_000_000_000L / rate;
        try (KafkaProducer<byte[], byte[]> producer = SpeedBenchmark.producer(bootstrap, "5")) {
            for (long i = 0; i < total; i++) {
                long wait = started + i * intervalNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                double kind = random.nextDouble();
                InteractionEvent event =
                        new InteractionEvent(
                                new UUID(random.nextLong(), random.nextLong()).toString(),
                                "user-" + random.nextInt(users),
                                catalog.draw(random),
                                kind < 0.7
                                        ? InteractionType.PLAY
                                        : kind < 0.85 ? InteractionType.LIKE : InteractionType.SKIP,
                                System.currentTimeMillis());
                producer.send(
                        new ProducerRecord<>(
                                Topics.USER_INTERACTIONS,
                                event.userId().getBytes(StandardCharsets.UTF_8),
                                InteractionEventCodec.toJson(event)));
            }
            producer.flush();
        }
        Thread.sleep(3_000);
        job.cancel().get();
        sizes.stop();
        batchRuns.close();

        StringBuilder table = new StringBuilder();
        table.append(
                String.format(
                        "%n%,d ev/s, %,d listeners, %d min, batch runs every %s (%d published)%n%n"
                                + "| minute | batch runs by then | views | bytes per view p50 / p99 / max | events per view p50 / p99 / max |%n"
                                + "|---:|---:|---:|---|---|%n",
                        rate, users, minutes, retrainEvery, batchRuns.published()));
        for (int m = 0; m < sizes.byMinute.size(); m++) {
            Sample s = sizes.byMinute.get(m);
            s.batchRuns = batchRuns.publishedBy(sizes.startedAt + (m + 1) * 60_000_000_000L);
            table.append(
                    String.format(
                            "| %d | %d | %,d | %s | %s |%n",
                            m + 1,
                            s.batchRuns,
                            s.bytes.size(),
                            describe(s.bytes),
                            describe(s.events)));
        }
        System.out.println(table);
        System.exit(0);
    }

    private static String describe(List<Long> values) {
        Percentiles p = Percentiles.of(values.stream().mapToLong(Long::longValue).toArray());
        return String.format("%,d / %,d / %,d", p.p50(), p.p99(), p.max());
    }

    /** Views read back in one minute of the run. */
    private static final class Sample {
        final List<Long> bytes = new ArrayList<>();
        final List<Long> events = new ArrayList<>();
        long batchRuns;
    }

    /** Reads user-profiles from its end and measures every view. */
    private static final class ViewSizes implements Runnable {
        private static final byte[] EVENT = "\"event_id\"".getBytes(StandardCharsets.US_ASCII);
        private final String bootstrap;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Sample> byMinute = new ArrayList<>();
        private long startedAt;
        private Thread thread;

        ViewSizes(String bootstrap) {
            this.bootstrap = bootstrap;
        }

        void start() {
            startedAt = System.nanoTime();
            thread = new Thread(this, "bench-view-sizes");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = SpeedBenchmark.consumer(bootstrap)) {
                List<TopicPartition> parts = new ArrayList<>();
                consumer.partitionsFor(Topics.USER_PROFILES, Duration.ofSeconds(30))
                        .forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
                consumer.assign(parts);
                consumer.seekToEnd(parts);
                parts.forEach(consumer::position);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.value() == null) {
                            continue; // a tombstone
                        }
                        long minute = (System.nanoTime() - startedAt) / 60_000_000_000L;
                        Sample sample;
                        synchronized (byMinute) {
                            while (byMinute.size() <= minute) {
                                byMinute.add(new Sample());
                            }
                            sample = byMinute.get((int) minute);
                        }
                        sample.bytes.add((long) r.value().length);
                        sample.events.add(count(r.value()));
                    }
                }
            } catch (Exception e) {
                LOG.error("view sizes failed", e);
            }
        }

        private static long count(byte[] view) {
            long n = 0;
            outer:
            for (int i = 0; i <= view.length - EVENT.length; i++) {
                for (int k = 0; k < EVENT.length; k++) {
                    if (view[i + k] != EVENT[k]) {
                        continue outer;
                    }
                }
                n++;
            }
            return n;
        }
    }
}
