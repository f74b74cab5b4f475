package org.lambdamusic.serving.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.lambdamusic.serving.e2e.ServingApi.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.ListenerFold;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.serving.kafka.SpeedProperties;
import org.lambdamusic.serving.kafka.ViewTopics;
import org.lambdamusic.serving.profile.ListenerProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Lambda promise on the real stack (Kafka, the S3-compatible store, the packaged batch job, the
 * speed layer as a process, this serving layer): a synthetic history of plays, likes and skips
 * spans several archive boundaries and two retrains, and at every step every listener's served
 * answer equals a from-scratch fold over all the events that listener made; also while a swap
 * happens under load, where every answer seen must be the fold of a prefix of the listener's events
 * (never a double count, never a hole). Then the speed layer's state is thrown away and it restarts
 * from the served watermark, and no answer changes; a like from before the watermark still boosts
 * once the listener's speed view is gone. Each test starts from the history it needs (the first
 * model, the speed layer, the listeners' first events), made by whichever test comes first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class LambdaArchitectureEndToEndTest {
    private static final Logger log = LoggerFactory.getLogger(LambdaArchitectureEndToEndTest.class);
    private static final int USERS = 10;
    private static final int TRACKS = 12;
    private static final String FAN = "lx-fan";
    private static final Map<String, String> SPEED_SETTINGS =
            Map.of(
                    "SPEED_CHECKPOINT_INTERVAL_MS", "1000",
                    "SPEED_PROFILE_FLUSH_INTERVAL", "50ms");

    @TempDir static Path dir;
    static TestStack stack;
    static StoredModels models;
    static SpeedLayerProcess speed;
    static List<String> tracks;
    static String firstVersion;
    static String fanSeed;
    static String fanLiked;
    static final Random random = new Random(11);

    /** Every accepted event per listener, in the order sent (= offset order in its partition). */
    static final Map<String, List<RecentInteraction>> sent = new LinkedHashMap<>();

    @LocalServerPort int port;
    @Autowired ListenerProfiles profiles;
    @Autowired ViewTopics viewTopics;
    @Autowired SpeedProperties speedSettings;

    @BeforeAll
    static void startStack() {
        Prerequisites.require(
                BatchJobProcess.available() && SpeedLayerProcess.available(),
                "the batch and speed layers are not packaged (mvn -B package -DskipTests)");
        stack = TestStack.withOwnBucket();
        models = new StoredModels(stack.s3Settings());
    }

    @DynamicPropertySource
    static void connectToStack(DynamicPropertyRegistry registry) {
        TestStack.connect(registry, () -> stack);
        registry.add("serving.model.poll-interval", () -> "200ms");
        // One test client sends every listener's history back to back (120 at once, then
        // continuous writes during the swap): no per-client rate limit here.
        registry.add("serving.rate-limit.interact-per-second", () -> "0");
    }

    @AfterAll
    static void stopStack() {
        if (speed != null) {
            speed.close();
        }
        if (models != null) {
            models.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aFirstModelWithoutInteractionsThenHistoryThroughTheSpeedLayer() throws Exception {
        aHistory();
        assertThat(models.read(firstVersion).manifest().interactions().events()).isZero();
        awaitAllExact();
    }

    /**
     * The first model served, the speed layer running, and every listener's first events through
     * it, once per class.
     */
    private void aHistory() throws Exception {
        if (speed != null) {
            return;
        }
        firstVersion = FirstModel.publishTo(models);
        ModelContent first = models.read(firstVersion);
        awaitServed(firstVersion);
        tracks = first.tracks().stream().limit(TRACKS).map(t -> t.trackId()).toList();
        speed = startSpeed();

        // The fan likes one track that is among the 5 best matches of a seed: it must stay boosted
        // after the fan's speed view is gone.
        fanSeed = first.tracks().get(20).trackId();
        fanLiked = recommend(fanSeed, null).get("recommendations").get(4).get("track_id").asText();
        interact(FAN, fanLiked, "like");
        interact(FAN, fanSeed, "play");

        sendRandom(120);
        awaitAllExact();
    }

    @Test
    void aRetrainMovesEventsIntoTheBatchViewAndNoAnswerChanges() throws Exception {
        aHistory();
        String v2 = retrain();
        ModelContent second = models.read(v2);
        assertThat(second.manifest().interactions().events())
                .as("archived events under the watermark")
                .isPositive();
        awaitServed(v2);
        assertAllExact(); // at once: the swap moved batch views and watermark together

        int fromBatch = 0;
        for (String user : sent.keySet()) {
            fromBatch += user(user).at("/sources/batch_events").asInt();
        }
        assertThat(fromBatch).isPositive();
    }

    @Test
    void duringASwapUnderLoadEveryAnswerIsAPrefixOfTheHistory() throws Exception {
        aHistory();
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        Set<String> versionsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger checked =
                new java.util.concurrent.atomic.AtomicInteger();
        Thread reader =
                new Thread(
                        () -> {
                            Random pick = new Random(5);
                            List<String> users = new ArrayList<>(sent.keySet());
                            while (!done.get()) {
                                String user = users.get(pick.nextInt(users.size()));
                                try {
                                    JsonNode answer = user(user);
                                    versionsSeen.add(answer.at("/sources/model_version").asText());
                                    String problem = prefixProblem(user, answer);
                                    checked.incrementAndGet();
                                    if (problem != null) {
                                        problems.add(problem);
                                    }
                                } catch (Exception e) {
                                    problems.add(user + ": " + e);
                                }
                            }
                        },
                        "prefix-checker");
        reader.start();
        AtomicBoolean swapped = new AtomicBoolean();
        Thread writer =
                new Thread(
                        () -> {
                            try {
                                // Listeners keep acting until the new version is served, and a
                                // little after: events land on both sides of the new watermark.
                                int after = 0;
                                for (int i = 0; i < 2000 && after < 40; i++) {
                                    sendRandom(1);
                                    if (swapped.get()) {
                                        after++;
                                    }
                                }
                            } catch (Exception e) {
                                problems.add("writer: " + e);
                            }
                        },
                        "history-writer");
        int sentBefore = sentTotal();
        writer.start();
        await("the writer under way before the retrain")
                .atMost(Duration.ofSeconds(30))
                .until(() -> sentTotal() >= sentBefore + 20);
        String v3 = retrain();
        awaitServed(v3);
        swapped.set(true);
        writer.join();
        awaitAllExact();
        done.set(true);
        reader.join();
        log.info("swap under load: {} answers checked", checked.get());

        assertThat(problems).isEmpty();
        assertThat(versionsSeen)
                .as("answers before and after the swap")
                .contains(v3)
                .hasSizeGreaterThan(1);
    }

    @Test
    void resettingTheSpeedLayerChangesNoAnswer() throws Exception {
        aHistory();
        Map<String, JsonNode> before = new LinkedHashMap<>();
        for (String user : sent.keySet()) {
            before.put(user, withoutSources(user(user)));
        }
        speed.close();
        // All its state: checkpoints, and the offsets its consumer group committed.
        deleteRecursively(SpeedLayerProcess.stateDir(dir.resolve("speed")));
        try (Admin admin = admin()) {
            admin.deleteConsumerGroups(List.of(speedSettings.consumerGroup())).all().get();
        } catch (ExecutionException e) {
            // No checkpoint committed offsets yet: nothing to throw away.
            assertThat(e.getCause()).isInstanceOf(GroupIdNotFoundException.class);
        }
        speed = startSpeed(); // starts from the served version's watermark + 1
        assertAllExact();

        // The restarted job re-reads everything after the watermark and republishes those views.
        awaitViewsCaughtUp();
        for (Map.Entry<String, JsonNode> old : before.entrySet()) {
            assertThat(withoutSources(user(old.getKey()))).isEqualTo(old.getValue());
        }
        sendRandom(20); // and it keeps working
        awaitAllExact();
    }

    @Test
    void aLikeFromBeforeTheWatermarkStillBoostsWithoutAnySpeedState() throws Exception {
        aHistory();
        if (user(FAN).at("/sources/batch_events").asInt() < 2) {
            awaitServed(retrain());
        }
        // The fan acted before the last retrain: the like is in the served batch view.
        assertThat(user(FAN).at("/sources/batch_events").asInt()).isEqualTo(2);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.USER_PROFILES, FAN, null)).get();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> profiles.view(FAN).isEmpty());
        assertThat(user(FAN).at("/sources/speed_events").asInt()).isZero();
        assertExact(FAN);

        JsonNode recs = recommend(fanSeed, FAN);
        JsonNode liked = null;
        for (JsonNode item : recs.get("recommendations")) {
            if (item.get("track_id").asText().equals(fanLiked)) {
                liked = item;
            }
        }
        assertThat(liked).as("the liked track among the recommendations").isNotNull();
        assertThat(liked.get("boost").asDouble()).isEqualTo(1.2);
        assertThat(liked.get("boosted_by").asText()).isNotBlank();
    }

    // --- the history and its oracle ---

    private void sendRandom(int count) throws Exception {
        String[] types = {"play", "play", "play", "like", "like", "skip"};
        for (int i = 0; i < count; i++) {
            String user = "lx-" + random.nextInt(USERS);
            interact(user, tracks.get(random.nextInt(TRACKS)), types[random.nextInt(types.length)]);
        }
    }

    private void interact(String user, String track, String type) throws Exception {
        var response =
                api().post(
                                "/api/interact",
                                Map.of(
                                        "user_id",
                                        user,
                                        "track_id",
                                        track,
                                        "interaction_type",
                                        type));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode accepted = json(response);
        synchronized (sent) {
            List<RecentInteraction> events = sent.computeIfAbsent(user, u -> new ArrayList<>());
            // Offsets only order the events here; the fold compares them, never their values.
            events.add(
                    new RecentInteraction(
                            accepted.get("event_id").asText(),
                            track,
                            type,
                            accepted.get("timestamp").asLong(),
                            events.size()));
        }
    }

    private static ListenerView oracle(String user, int prefix) {
        ListenerFold fold = new ListenerFold(user, 0, FeedbackSettings.DEFAULTS.historySize());
        List<RecentInteraction> events;
        synchronized (sent) {
            events = List.copyOf(sent.get(user).subList(0, prefix));
        }
        events.forEach(fold::apply);
        return fold.view();
    }

    /** Null when the answer is the fold of some prefix of the user's events, else what is wrong. */
    private static String prefixProblem(String user, JsonNode answer) {
        int total =
                (int)
                        (answer.at("/counts/play").asLong()
                                + answer.at("/counts/like").asLong()
                                + answer.at("/counts/skip").asLong());
        // The answer may already hold an event whose 202 the writer has not recorded yet.
        try {
            await().atMost(Duration.ofSeconds(2))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> sentCount(user) >= total);
        } catch (ConditionTimeoutException e) {
            return user + " counts " + total + " events, only " + sentCount(user) + " were sent";
        }
        String mismatch = mismatch(oracle(user, total), answer);
        return mismatch == null ? null : user + " after " + total + " events: " + mismatch;
    }

    private static int sentCount(String user) {
        synchronized (sent) {
            return sent.get(user).size();
        }
    }

    private static int sentTotal() {
        synchronized (sent) {
            return sent.values().stream().mapToInt(List::size).sum();
        }
    }

    private static String mismatch(ListenerView expected, JsonNode answer) {
        Map<String, Object> want = new LinkedHashMap<>();
        Map<String, Object> got = new LinkedHashMap<>();
        want.put("play", expected.counts().play());
        got.put("play", answer.at("/counts/play").asLong());
        want.put("like", expected.counts().like());
        got.put("like", answer.at("/counts/like").asLong());
        want.put("skip", expected.counts().skip());
        got.put("skip", answer.at("/counts/skip").asLong());
        want.put("liked", expected.likedTracks());
        got.put("liked", ids(answer.get("liked_tracks"), "track_id"));
        want.put("skipped", expected.skippedTracks());
        got.put("skipped", ids(answer.get("skipped_tracks"), null));
        want.put("played", expected.playedTracks().size());
        got.put("played", answer.get("played_tracks").asInt());
        want.put("recent", expected.recent().stream().map(RecentInteraction::eventId).toList());
        got.put("recent", ids(answer.get("recent"), "event_id"));
        return want.equals(got) ? null : "expected " + want + " but served " + got;
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(field == null ? n.asText() : n.get(field).asText()));
        return ids;
    }

    private void assertExact(String user) throws Exception {
        String mismatch = mismatch(oracle(user, sent.get(user).size()), user(user));
        assertThat(mismatch).as(user).isNull();
    }

    private void assertAllExact() throws Exception {
        for (String user : sent.keySet()) {
            assertExact(user);
        }
    }

    private void awaitAllExact() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(this::assertAllExact);
    }

    // --- the stack ---

    /**
     * Until the speed job has committed every event now on user-interactions (its views are flushed
     * before a checkpoint completes, and it commits offsets when one does), then until this app has
     * read user-profiles up to where it ended at that moment.
     */
    private void awaitViewsCaughtUp() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> events = endOffsets(admin, Topics.USER_INTERACTIONS);
            await("the speed job committed every event up to " + events)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> {
                                Map<TopicPartition, OffsetAndMetadata> committed =
                                        admin.listConsumerGroupOffsets(
                                                        speedSettings.consumerGroup())
                                                .partitionsToOffsetAndMetadata()
                                                .get();
                                return events.entrySet().stream()
                                        .allMatch(
                                                e ->
                                                        committed.get(e.getKey()) != null
                                                                && committed
                                                                                .get(e.getKey())
                                                                                .offset()
                                                                        >= e.getValue());
                            });
            Map<TopicPartition, Long> views = endOffsets(admin, Topics.USER_PROFILES);
            await("this app read user-profiles up to " + views)
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () ->
                                    views.entrySet().stream()
                                            .allMatch(
                                                    e ->
                                                            viewTopics.consumedUpTo(e.getKey())
                                                                    >= e.getValue()));
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .forEach(
                        p ->
                                latest.put(
                                        new TopicPartition(topic, p.partition()),
                                        OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private static Admin admin() {
        return Admin.create(
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafka().bootstrapServers()));
    }

    private static SpeedLayerProcess startSpeed() {
        return SpeedLayerProcess.start(
                stack.kafka().bootstrapServers(),
                stack.s3Settings(),
                dir.resolve("speed"),
                SPEED_SETTINGS);
    }

    /** The packaged batch job over the fixture and the archive; returns the version. */
    private static String retrain() throws Exception {
        String version =
                BatchJobProcess.publish(
                        stack.s3Settings(), models.outputUri(), "300", dir.resolve("batch"));
        log.info("retrained: {} {}", version, models.read(version).manifest().interactions());
        return version;
    }

    private void awaitServed(String version) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                api().get("/api/stats").statusCode() == 200
                                        && version.equals(
                                                json(api().get("/api/stats"))
                                                        .get("model_version")
                                                        .asText()));
    }

    private JsonNode user(String user) throws Exception {
        var response = api().get("/api/user/" + user);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private JsonNode recommend(String track, String user) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("track_id", track);
        body.put("top_n", 10);
        body.put("exclude", "none");
        if (user != null) {
            body.put("user_id", user);
        }
        var response = api().post("/api/recommend", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static JsonNode withoutSources(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("sources");
        return copy;
    }

    private ServingApi api() {
        return new ServingApi(port);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private static void deleteRecursively(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
