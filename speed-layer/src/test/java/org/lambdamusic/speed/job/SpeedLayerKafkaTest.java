package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.interaction.ArchiveCodec;
import org.lambdamusic.contracts.interaction.ArchivedRecord;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.contracts.listener.ListenerFold;
import org.lambdamusic.contracts.listener.ListenerMerge;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.contracts.trace.TraceParent;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.localstack.LocalKafkaBroker;
import org.lambdamusic.localstack.LocalObjectStore;

/**
 * The packaged job's behaviour against a real KRaft broker and a real S3 server (s3proxy), run as a
 * separate JVM exactly as the pipeline runs it. Views are compared with a brute-force model of the
 * records in the topic (with their partitions and offsets).
 */
class SpeedLayerKafkaTest {
    private static final TraceParent TRACE =
            TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .orElseThrow();

    private static final int MAX_EVENTS = 50;
    // Not the defaults, so the test shows the job ranks with the configured weights.
    private static final int[] WEIGHTS = {2, 5, -3};
    private static final long WINDOW_MS = 10_000;
    private static final long SLIDE_MS = 5_000;
    private static final int TOP_N = 5;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void turnsEventsIntoViewsSendsBadOnesToTheDlqAndArchivesEveryOffsetInS3() throws Exception {
        try (LocalObjectStore s3 = LocalObjectStore.startOnFreePort(tmp.resolve("s3"));
                LocalKafkaBroker kafka = LocalKafkaBroker.startOnFreePort(tmp.resolve("kafka"))) {
            InteractionScenario scenario = scenario(1, 1_500);
            List<String> bad =
                    List.of(
                            "{not json",
                            "{\"event_id\":\"b1\",\"user_id\":\"\",\"track_id\":\"t\","
                                    + "\"interaction_type\":\"play\",\"timestamp\":1}",
                            "{\"event_id\":\"b2\",\"user_id\":\"u\",\"track_id\":\"t\","
                                    + "\"interaction_type\":\"dance\",\"timestamp\":1}",
                            "{\"event_id\":\"b3\",\"user_id\":\"u\",\"track_id\":\"t\","
                                    + "\"interaction_type\":\"play\",\"timestamp\":"
                                    + (System.currentTimeMillis() + 86_400_000L)
                                    + "}");

            Map<String, String> env = env(kafka, s3.settings(), true);
            int metricsPort = freePort();
            env.put("SPEED_METRICS_PORT", Integer.toString(metricsPort));
            try (SpeedLayerProcess job = SpeedLayerProcess.start(env, tmp.resolve("speed.log"))) {
                try (KafkaProducer<byte[], byte[]> producer =
                        TopicIo.producer(kafka.bootstrapServers())) {
                    for (int i = 0; i < scenario.events.size(); i++) {
                        produce(producer, scenario.events.get(i));
                        if (i == 100) {
                            // The first bad one as the serving layer sends: with its request's
                            // trace in a traceparent header.
                            ProducerRecord<byte[], byte[]> traced =
                                    new ProducerRecord<>(
                                            Topics.USER_INTERACTIONS,
                                            "u".getBytes(StandardCharsets.UTF_8),
                                            bad.get(0).getBytes(StandardCharsets.UTF_8));
                            traced.headers()
                                    .add(
                                            TraceParent.HEADER,
                                            TRACE.header().getBytes(StandardCharsets.US_ASCII));
                            producer.send(traced).get();
                            for (String payload : bad.subList(1, bad.size())) {
                                TopicIo.send(
                                        producer,
                                        Topics.USER_INTERACTIONS,
                                        "u",
                                        payload.getBytes(StandardCharsets.UTF_8));
                            }
                        }
                    }
                }

                awaitViews(kafka, scenario, Watermark.NONE);
                assertFlinkMetricsOnPrometheus(metricsPort);

                List<ConsumerRecord<String, byte[]>> letters =
                        TopicIo.readAll(kafka.bootstrapServers(), Topics.USER_INTERACTIONS_DLQ);
                List<DeadLetter> dead =
                        letters.stream()
                                .map(r -> TopicIo.read(r.value(), DeadLetter.class))
                                .toList();
                // One trace from the request to its dead letter: the field, the record's own
                // traceparent (a new span of the same trace), the job's log line.
                assertThat(dead)
                        .extracting(DeadLetter::traceId)
                        .containsExactly(TRACE.traceId(), null, null, null);
                Header header = letters.get(0).headers().lastHeader(TraceParent.HEADER);
                assertThat(TraceParent.parse(new String(header.value(), StandardCharsets.US_ASCII)))
                        .map(TraceParent::traceId)
                        .hasValue(TRACE.traceId());
                assertThat(letters.get(1).headers().lastHeader(TraceParent.HEADER)).isNull();
                assertThat(Files.readString(tmp.resolve("speed.log")))
                        .containsPattern(
                                "speed layer rejected partition=\\d+ offset=\\d+ trace_id="
                                        + TRACE.traceId()
                                        + " error=malformed JSON");
                assertThat(dead)
                        .extracting(DeadLetter::originalEvent)
                        .containsExactlyElementsOf(bad);
                assertThat(dead)
                        .extracting(DeadLetter::error)
                        .satisfiesExactly(
                                e -> assertThat(e).startsWith("malformed JSON"),
                                e -> assertThat(e).isEqualTo("blank field: user_id"),
                                e -> assertThat(e).isEqualTo("unknown interaction_type: 'dance'"),
                                e -> assertThat(e).startsWith("timestamp too far in the future"));

                // Archive: one line per consumed record, in committed files under
                // interactions/date=YYYY-MM-DD/: every valid event (redeliveries included: it is
                // the raw record) with its position, a marker with the reason for every bad one;
                // so each partition's offsets are contiguous from 0 to its end.
                List<ConsumerRecord<String, byte[]>> records =
                        TopicIo.readAll(kafka.bootstrapServers(), Topics.USER_INTERACTIONS);
                Path archive =
                        tmp.resolve("s3/s3")
                                .resolve(s3.settings().bucket())
                                .resolve("interactions");
                await("archive complete in " + archive)
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> TopicIo.archivedLines(archive).size() == records.size());
                Map<String, ArchivedRecord> byPosition = new TreeMap<>();
                for (String line : TopicIo.archivedLines(archive)) {
                    ArchivedRecord r = ArchiveCodec.fromJson(line.getBytes(StandardCharsets.UTF_8));
                    assertThat(byPosition.put(r.partition() + "/" + r.offset(), r))
                            .as("one line per offset")
                            .isNull();
                }
                Map<Integer, Long> perPartition = new TreeMap<>();
                List<String> markers = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    ArchivedRecord line =
                            byPosition.get(record.partition() + "/" + record.offset());
                    assertThat(line)
                            .as("offset %d/%d", record.partition(), record.offset())
                            .isNotNull();
                    perPartition.merge(record.partition(), 1L, Long::sum);
                    if (line.isEvent()) {
                        assertThat(line.event())
                                .isEqualTo(InteractionEventCodec.fromJson(record.value()));
                    } else {
                        assertThat(bad)
                                .contains(new String(record.value(), StandardCharsets.UTF_8));
                        markers.add(line.rejected());
                    }
                }
                assertThat(markers)
                        .containsExactlyInAnyOrderElementsOf(
                                dead.stream().map(DeadLetter::error).toList());
                // Contiguous: partition p's lines are offsets 0..n-1 (the topic starts at 0).
                perPartition.forEach(
                        (partition, count) ->
                                assertThat(
                                                byPosition.keySet().stream()
                                                        .filter(k -> k.startsWith(partition + "/")))
                                        .hasSize(count.intValue()));
                assertThat(
                                records.stream()
                                        .collect(
                                                java.util.stream.Collectors.groupingBy(
                                                        ConsumerRecord::partition,
                                                        java.util.stream.Collectors.summarizingLong(
                                                                ConsumerRecord::offset))))
                        .allSatisfy(
                                (partition, offsets) -> {
                                    assertThat(offsets.getMin()).isZero();
                                    assertThat(offsets.getMax()).isEqualTo(offsets.getCount() - 1);
                                });
                try (Stream<Path> days = Files.list(archive)) {
                    assertThat(days.map(p -> p.getFileName().toString()))
                            .allMatch(name -> name.matches("date=\\d{4}-\\d{2}-\\d{2}"));
                }
            }
        }
    }

    @Test
    void startsAfterTheServedModelsWatermark() throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.startOnFreePort(tmp.resolve("kafka"))) {
            InteractionScenario scenario = scenario(3, 1_200);
            try (KafkaProducer<byte[], byte[]> producer =
                    TopicIo.producer(kafka.bootstrapServers())) {
                scenario.events.forEach(e -> produce(producer, e));
            }
            // The batch layer covered roughly the first half of each partition.
            List<ConsumerRecord<String, byte[]>> records =
                    TopicIo.readAll(kafka.bootstrapServers(), Topics.USER_INTERACTIONS);
            Map<Integer, Long> covered = new TreeMap<>();
            records.forEach(r -> covered.merge(r.partition(), r.offset() / 2, Math::max));
            Watermark watermark = new Watermark(covered);
            String version = ModelVersion.newId(java.time.Instant.now());
            Path models = tmp.resolve("models");
            ModelFixtures.publish(models, version, watermark);

            Map<String, String> env = env(kafka, null, false);
            env.put("SPEED_MODELS_PATH", models.toUri().toString());
            try (SpeedLayerProcess job = SpeedLayerProcess.start(env, tmp.resolve("speed-w.log"))) {
                assertThat(job.logText())
                        .contains("restored_from=none start_from=watermark version=" + version);
                Map<String, UserProfileView> expected =
                        scenario.expectedProfiles(records, watermark, MAX_EVENTS);
                assertThat(expected.values().stream().mapToInt(v -> v.events().size()).sum())
                        .isPositive()
                        .isLessThan(records.size() * 3 / 4);
                await("user profiles hold only the events after the watermark")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(
                                () ->
                                        assertSameProfiles(
                                                TopicIo.latestProfiles(kafka.bootstrapServers()),
                                                expected));
                // The source logs its start offsets when its enumerator starts, which can come
                // after the "running" line: checked once the views show the job is consuming.
                for (var entry : covered.entrySet()) {
                    assertThat(job.logText())
                            .contains(
                                    Topics.USER_INTERACTIONS
                                            + "-"
                                            + entry.getKey()
                                            + "="
                                            + (entry.getValue() + 1)
                                            + " (watermark");
                }
                assertThat(TopicIo.latestProfiles(kafka.bootstrapServers()).values())
                        .flatExtracting(UserProfileView::events)
                        .allSatisfy(
                                e ->
                                        assertThat(e.offset())
                                                .isGreaterThan(
                                                        watermark.of(
                                                                partitionOf(
                                                                        records, e.eventId()))));
            }
        }
    }

    /**
     * Batch runs while the job runs: each new served version moves the views to the events after
     * the older of the two newest watermarks, and a reader serving either of them (the contracts'
     * ListenerMerge over its batch view) answers exactly what all the events say.
     */
    @Test
    void newVersionsServedMidStreamTrimTheViewsAndEveryReaderStaysExact() throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.startOnFreePort(tmp.resolve("kafka"))) {
            InteractionScenario scenario = scenario(5, 1_200);
            try (KafkaProducer<byte[], byte[]> producer =
                    TopicIo.producer(kafka.bootstrapServers())) {
                scenario.events.forEach(e -> produce(producer, e));
            }
            List<ConsumerRecord<String, byte[]>> records =
                    TopicIo.readAll(kafka.bootstrapServers(), Topics.USER_INTERACTIONS);
            Watermark w1 = coveredFraction(records, 1, 4);
            Watermark w2 = coveredFraction(records, 2, 4);
            Watermark w3 = coveredFraction(records, 3, 4);
            Path models = tmp.resolve("models");
            java.time.Instant t = java.time.Instant.now();
            ModelFixtures.publish(models, ModelVersion.newId(t), w1);

            Map<String, String> env = env(kafka, null, false);
            env.put("SPEED_MODELS_PATH", models.toUri().toString());
            env.put("SPEED_MODEL_POLL_INTERVAL", "200ms");
            try (SpeedLayerProcess job = SpeedLayerProcess.start(env, tmp.resolve("speed-t.log"))) {
                awaitProfiles(kafka, scenario.expectedProfiles(records, w1, MAX_EVENTS));

                // Readers now serve version 1 or 2: nothing they need may go (the job started
                // after w1, so there is nothing to drop yet).
                String version2 = ModelVersion.newId(t.plusSeconds(1));
                ModelFixtures.publish(models, version2, w2);
                // Every subtask (parallelism 2, each follows LATEST on its own): one that missed
                // version 2 would go from 1 to 3 and rightly keep what version 1 readers need.
                await("both subtasks see version 2")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> job.count("sees version " + version2) >= 2);
                // Version 3: readers serve 2 or 3, so everything up to w2 goes.
                ModelFixtures.publish(models, ModelVersion.newId(t.plusSeconds(2)), w3);
                Map<String, UserProfileView> trimmed =
                        trim(scenario.expectedProfiles(records, w1, MAX_EVENTS), w2);
                assertThat(trimmed.values().stream().mapToInt(v -> v.events().size()).sum())
                        .isLessThan(
                                scenario.expectedProfiles(records, w1, MAX_EVENTS).values().stream()
                                        .mapToInt(v -> v.events().size())
                                        .sum());
                awaitProfiles(kafka, trimmed);

                Map<String, UserProfileView> views =
                        TopicIo.latestProfiles(kafka.bootstrapServers());
                for (Watermark reader : List.of(w2, w3)) {
                    for (UserProfileView view : views.values()) {
                        ListenerMerge.Merged merged =
                                ListenerMerge.merge(
                                        view.userId(),
                                        batchView(records, view.userId(), reader),
                                        view,
                                        reader,
                                        HISTORY);
                        assertThat(merged.gap()).as("%s at %s", view.userId(), reader).isFalse();
                        assertThat(merged.view())
                                .as("%s at %s", view.userId(), reader)
                                .isEqualTo(batchView(records, view.userId(), Watermark.NONE));
                    }
                }
            }
        }
    }

    private static final int HISTORY = 50;

    /** Per partition, the offset {@code num/den} of the way through what the topic holds. */
    private static Watermark coveredFraction(
            List<ConsumerRecord<String, byte[]>> records, int num, int den) {
        Map<Integer, Long> ends = new TreeMap<>();
        records.forEach(r -> ends.merge(r.partition(), r.offset(), Math::max));
        Map<Integer, Long> covered = new TreeMap<>();
        ends.forEach((p, end) -> covered.put(p, end * num / den));
        return new Watermark(covered);
    }

    /** The views after dropping every event at or below the trim point, floors raised. */
    private static Map<String, UserProfileView> trim(
            Map<String, UserProfileView> views, Watermark through) {
        Map<String, UserProfileView> trimmed = new HashMap<>();
        views.forEach(
                (user, v) -> {
                    long cut = through.of(v.partition());
                    long floor = v.logFloor();
                    List<org.lambdamusic.contracts.view.RecentInteraction> kept = new ArrayList<>();
                    for (var e : v.events()) {
                        if (e.offset() <= cut) {
                            floor = Math.max(floor, e.offset());
                        } else {
                            kept.add(e);
                        }
                    }
                    trimmed.put(
                            user,
                            new UserProfileView(user, v.partition(), kept, floor, v.updatedAt()));
                });
        return trimmed;
    }

    /**
     * A listener's batch view as the batch layer folds it: their distinct events up to {@code
     * covered} (all of them for {@link Watermark#NONE}... read as "no limit" here), in offset
     * order; null when there are none.
     */
    private static ListenerView batchView(
            List<ConsumerRecord<String, byte[]>> records, String user, Watermark covered) {
        ListenerFold fold = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (covered != Watermark.NONE && r.offset() > covered.of(r.partition())) {
                continue;
            }
            InteractionEvent e;
            try {
                e = InteractionEventCodec.fromJson(r.value());
            } catch (org.lambdamusic.contracts.interaction.InvalidEventException invalid) {
                continue;
            }
            if (!e.userId().equals(user) || !seen.add(e.eventId())) {
                continue;
            }
            if (fold == null) {
                fold = new ListenerFold(user, r.partition(), HISTORY);
            }
            fold.apply(
                    new org.lambdamusic.contracts.view.RecentInteraction(
                            e.eventId(),
                            e.trackId(),
                            e.type().wireName(),
                            e.timestamp(),
                            r.offset()));
        }
        return fold == null ? null : fold.view();
    }

    private static void awaitProfiles(
            LocalKafkaBroker kafka, Map<String, UserProfileView> expected) {
        await("user profiles equal the model")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () ->
                                assertSameProfiles(
                                        TopicIo.latestProfiles(kafka.bootstrapServers()),
                                        expected));
    }

    @Test
    void aKill9InTheMiddleOfTheStreamLosesAndDoublesNothing() throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.startOnFreePort(tmp.resolve("kafka"))) {
            killAndRestart(
                    kafka,
                    env(kafka, null, false),
                    new org.apache.flink.core.fs.Path(
                            "file", null, tmp.resolve("state").toString()),
                    tmp.resolve("state").toString());
        }
    }

    /**
     * The same crash with the checkpoints in the object store ({@code SPEED_STATE_PATH=s3://...}):
     * the restart finds the newest completed one there and resumes from it.
     */
    @Test
    void aKill9WithTheStateInTheObjectStoreResumesFromItsCheckpoint() throws Exception {
        try (LocalObjectStore s3 = LocalObjectStore.startOnFreePort(tmp.resolve("s3"));
                LocalKafkaBroker kafka = LocalKafkaBroker.startOnFreePort(tmp.resolve("kafka"))) {
            Map<String, String> env = env(kafka, s3.settings(), false);
            String state = "s3://" + s3.settings().bucket() + "/speed";
            env.put("SPEED_STATE_PATH", state);
            SpeedLayerEnvironment.initializeFileSystems(SpeedSettings.from(env));
            killAndRestart(kafka, env, new org.apache.flink.core.fs.Path(state), state);
            assertThat(tmp.resolve("state")).doesNotExist();
        }
    }

    private void killAndRestart(
            LocalKafkaBroker kafka,
            Map<String, String> env,
            org.apache.flink.core.fs.Path state,
            String restoredFrom)
            throws Exception {
        InteractionScenario scenario = scenario(2, 3_000);
        int half = scenario.events.size() / 2;

        SpeedLayerProcess first = SpeedLayerProcess.start(env, tmp.resolve("speed-1.log"));
        try (KafkaProducer<byte[], byte[]> producer = TopicIo.producer(kafka.bootstrapServers())) {
            scenario.events.subList(0, half).forEach(e -> produce(producer, e));
            producer.flush();
            // Let at least one checkpoint complete with part of the stream in it ...
            await("a completed checkpoint under " + state)
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    CheckpointLocator.latest(
                                                    new org.apache.flink.core.fs.Path(
                                                            state, "checkpoints"),
                                                    new org.apache.flink.core.fs.Path(
                                                            state, "savepoints"))
                                            .isPresent());
            // ... then crash while the second half is being processed.
            scenario.events.subList(half, half + 600).forEach(e -> produce(producer, e));
            producer.flush();
            first.kill9();
            scenario.events
                    .subList(half + 600, scenario.events.size())
                    .forEach(e -> produce(producer, e));
        }

        try (SpeedLayerProcess second = SpeedLayerProcess.start(env, tmp.resolve("speed-2.log"))) {
            assertThat(second.logText()).contains("restored_from=" + restoredFrom);
            awaitViews(kafka, scenario, Watermark.NONE);
        }
    }

    private static InteractionScenario scenario(long seed, int count) {
        long start = (System.currentTimeMillis() - 600_000) / SLIDE_MS * SLIDE_MS;
        return new InteractionScenario(
                seed, count, 40, 30, start, 20, WEIGHTS, WINDOW_MS, SLIDE_MS, TOP_N);
    }

    /** The latest view per user equals the model; every published trending window equals it too. */
    private static void awaitViews(
            LocalKafkaBroker kafka, InteractionScenario scenario, Watermark watermark) {
        Map<String, UserProfileView> expected =
                scenario.expectedProfiles(
                        TopicIo.readAll(kafka.bootstrapServers(), Topics.USER_INTERACTIONS),
                        watermark,
                        MAX_EVENTS);
        await("user profiles equal the model")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () ->
                                assertSameProfiles(
                                        TopicIo.latestProfiles(kafka.bootstrapServers()),
                                        expected));

        // A window is published once the watermark passes its end; windows up to the last few
        // seconds of the stream must have been published, each exactly as the model says.
        long lastTimestamp = scenario.events.get(scenario.events.size() - 1).timestamp();
        long lastClosedEnd = (lastTimestamp - 2_000) / SLIDE_MS * SLIDE_MS;
        await("trending windows equal the model")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> {
                            Map<Long, TrendingView> published = trendingByWindowEnd(kafka);
                            assertThat(published).containsKey(lastClosedEnd);
                            assertThat(published.size()).isGreaterThanOrEqualTo(5);
                            published.forEach(
                                    (end, view) ->
                                            assertThat(view)
                                                    .as("window ending %d", end)
                                                    .isEqualTo(scenario.expectedTrending(end)));
                        });
    }

    /** Reports the first user whose view differs, rather than two pages of views. */
    private static void assertSameProfiles(
            Map<String, UserProfileView> actual, Map<String, UserProfileView> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (var entry : new TreeMap<>(expected).entrySet()) {
            assertThat(actual.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    private static Map<Long, TrendingView> trendingByWindowEnd(LocalKafkaBroker kafka) {
        Map<Long, TrendingView> byEnd = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r :
                TopicIo.readAll(kafka.bootstrapServers(), Topics.TRENDING_TRACKS)) {
            assertThat(r.key()).isEqualTo(Topics.TRENDING_KEY);
            TrendingView view = TopicIo.read(r.value(), TrendingView.class);
            byEnd.put(view.windowEnd(), view);
        }
        return byEnd;
    }

    /**
     * The job's Prometheus endpoint (SPEED_METRICS_PORT, on 127.0.0.1) serves Flink's own metrics:
     * records in and out per operator, back pressure, the last checkpoint's duration and size, and
     * the Kafka source's lag.
     */
    private static void assertFlinkMetricsOnPrometheus(int port) {
        await("Flink's metrics on http://127.0.0.1:" + port + "/metrics")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> {
                            String metrics =
                                    new String(
                                            java.net
                                                    .URI
                                                    .create("http://127.0.0.1:" + port + "/metrics")
                                                    .toURL()
                                                    .openStream()
                                                    .readAllBytes(),
                                            StandardCharsets.UTF_8);
                            assertThat(metrics)
                                    .contains(
                                            "flink_taskmanager_job_task_operator_numRecordsIn",
                                            "flink_taskmanager_job_task_operator_numRecordsOut",
                                            "flink_taskmanager_job_task_backPressuredTimeMsPerSecond",
                                            "flink_jobmanager_job_lastCheckpointDuration",
                                            "flink_jobmanager_job_lastCheckpointSize",
                                            "flink_taskmanager_job_task_operator_pendingRecords");
                        });
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private Map<String, String> env(
            LocalKafkaBroker kafka, ObjectStoreSettings s3, boolean archive) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SPEED_STATE_DIR", tmp.resolve("state").toString());
        env.put("SPEED_CHECKPOINT_INTERVAL_MS", "500");
        env.put("SPEED_LOG_MAX_EVENTS", Integer.toString(MAX_EVENTS));
        env.put("FEEDBACK_PLAY_WEIGHT", Integer.toString(WEIGHTS[0]));
        env.put("FEEDBACK_LIKE_WEIGHT", Integer.toString(WEIGHTS[1]));
        env.put("FEEDBACK_SKIP_WEIGHT", Integer.toString(WEIGHTS[2]));
        env.put("SPEED_TRENDING_WINDOW", WINDOW_MS + "ms");
        env.put("SPEED_TRENDING_SLIDE", SLIDE_MS + "ms");
        env.put("SPEED_TRENDING_TOP_N", Integer.toString(TOP_N));
        env.put("SPEED_MAX_OUT_OF_ORDERNESS", "1s");
        env.put("SPEED_PROFILE_FLUSH_INTERVAL", "100ms");
        env.put("FLINK_PARALLELISM", "2");
        env.put("SPEED_ARCHIVE", Boolean.toString(archive));
        // No model unless a test publishes one (never the store of a pipeline running here).
        env.put("SPEED_MODELS_PATH", tmp.resolve("models").toUri().toString());
        if (s3 != null) {
            env.put("S3_ENDPOINT", s3.endpoint());
            env.put("S3_BUCKET", s3.bucket());
            env.put("S3_REGION", s3.region());
            env.put("S3_ACCESS_KEY", s3.accessKey());
            env.put("S3_SECRET_KEY", s3.secretKey());
        }
        return env;
    }

    private static int partitionOf(List<ConsumerRecord<String, byte[]>> records, String eventId) {
        for (ConsumerRecord<String, byte[]> r : records) {
            if (new String(r.value(), StandardCharsets.UTF_8).contains("\"" + eventId + "\"")) {
                return r.partition();
            }
        }
        throw new AssertionError("no record of " + eventId);
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, InteractionEvent event) {
        TopicIo.send(
                producer,
                Topics.USER_INTERACTIONS,
                event.userId(),
                InteractionEventCodec.toJson(event));
    }
}
