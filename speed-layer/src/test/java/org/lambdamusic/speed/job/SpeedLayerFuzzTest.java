package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.interaction.ArchiveCodec;
import org.lambdamusic.contracts.interaction.ArchivedRecord;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.localstack.LocalKafkaBroker;
import org.lambdamusic.localstack.LocalObjectStore;

/**
 * 10,000 fuzzed records through the real broker and the packaged job (its own JVM, archive on, as
 * {@link SpeedLayerKafkaTest} runs it): malformed JSON, wrong types, missing, null and blank
 * fields, unknown interaction types, payloads over {@code SPEED_MAX_EVENT_BYTES}, timestamps far in
 * the future and negative, invalid UTF-8, tombstones and empty values, mixed with valid events (odd
 * but legal ids, escapes, unknown extra fields, far-past timestamps), redeliveries of valid events
 * and valid events without a key. The generator is a seeded {@link Random} (seed printed; {@code
 * -Dfuzz.seed=N} replays one run, {@code -Dfuzz.records=N} changes the count) and decides by
 * construction whether each record is valid.
 *
 * <p>Asserts: the job runs to the end without a failed task; the dead-letter topic holds exactly
 * one record per bad record sent (the multiset of {@code originalEvent}s equals that of the bad
 * payloads as the job decodes them), each with a non-blank reason of the expected kind; every valid
 * event (a redelivery once) is in its user's latest {@code user-profiles} view and nothing else is;
 * the archive has one line per consumed offset. Prints the figures RELIABILITY.md quotes.
 */
class SpeedLayerFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    private static final int RECORDS = Integer.getInteger("fuzz.records", 10_000);
    private static final int MAX_EVENT_BYTES = 4096; // the default, set explicitly below
    private static final int DLQ_PAYLOAD_CHARS = 64 * 1024; // EventValidator's cut
    private static final long DAY = 86_400_000L;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    /** One record as sent, and what the job must do with it. */
    record Sent(
            String key, byte[] value, Kind kind, String userId, String eventId, String reason) {}

    enum Kind {
        VALID,
        REDELIVERY,
        BAD
    }

    @Test
    void everyFuzzedRecordIsEitherInTheViewsOrInTheDlqAndTheJobKeepsRunning() throws Exception {
        System.out.printf("SpeedLayerFuzzTest seed=%d records=%d%n", SEED, RECORDS);
        long now = System.currentTimeMillis();
        List<Sent> sent = new Generator(new Random(SEED), now).records(RECORDS);

        try (LocalObjectStore s3 = LocalObjectStore.startOnFreePort(tmp.resolve("s3"));
                LocalKafkaBroker kafka = LocalKafkaBroker.startOnFreePort(tmp.resolve("kafka"))) {
            Map<String, String> env = env(kafka, s3);
            try (SpeedLayerProcess job = SpeedLayerProcess.start(env, tmp.resolve("speed.log"))) {
                long start = System.nanoTime();
                try (KafkaProducer<byte[], byte[]> producer =
                        TopicIo.producer(kafka.bootstrapServers())) {
                    for (Sent record : sent) {
                        producer.send(
                                new ProducerRecord<>(
                                        Topics.USER_INTERACTIONS,
                                        record.key() == null
                                                ? null
                                                : record.key().getBytes(StandardCharsets.UTF_8),
                                        record.value()));
                    }
                }
                double sendSeconds = (System.nanoTime() - start) / 1e9;

                List<Sent> bad = sent.stream().filter(s -> s.kind() == Kind.BAD).toList();
                Map<String, Set<String>> expectedViews = new TreeMap<>();
                sent.stream()
                        .filter(s -> s.kind() == Kind.VALID)
                        .forEach(
                                s ->
                                        expectedViews
                                                .computeIfAbsent(s.userId(), u -> new TreeSet<>())
                                                .add(s.eventId()));
                int validDistinct = expectedViews.values().stream().mapToInt(Set::size).sum();

                await("one dead letter per bad record")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofSeconds(1))
                        .failFast("speed layer exited", () -> !job.isAlive())
                        .until(() -> dlqCount(kafka) >= bad.size());
                await("every valid event in its user's view")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofSeconds(2))
                        .failFast("speed layer exited", () -> !job.isAlive())
                        .until(
                                () ->
                                        eventsInViews(
                                                        TopicIo.latestProfiles(
                                                                kafka.bootstrapServers()))
                                                >= validDistinct);
                double seconds = (System.nanoTime() - start) / 1e9;

                // Dead letters: exactly the bad records, each once, with a reason of its kind.
                List<DeadLetter> dead =
                        TopicIo.readAll(kafka.bootstrapServers(), Topics.USER_INTERACTIONS_DLQ)
                                .stream()
                                .map(r -> TopicIo.read(r.value(), DeadLetter.class))
                                .toList();
                Map<String, List<Sent>> byOriginal = new HashMap<>();
                for (Sent b : bad) {
                    byOriginal
                            .computeIfAbsent(asDeadLetterText(b.value()), k -> new ArrayList<>())
                            .add(b);
                }
                List<String> unmatched = new ArrayList<>();
                for (DeadLetter letter : dead) {
                    assertThat(letter.error()).as("reason of %s", letter).isNotBlank();
                    List<Sent> candidates = byOriginal.get(letter.originalEvent());
                    if (candidates == null || candidates.isEmpty()) {
                        unmatched.add(abbreviate(letter.originalEvent()));
                        continue;
                    }
                    Sent match = candidates.remove(candidates.size() - 1);
                    assertThat(letter.error())
                            .as("reason for %s", abbreviate(letter.originalEvent()))
                            .startsWith(match.reason());
                }
                List<String> missing =
                        byOriginal.values().stream()
                                .flatMap(List::stream)
                                .map(s -> abbreviate(asDeadLetterText(s.value())))
                                .toList();
                assertThat(unmatched).as("dead letters that map to no bad record sent").isEmpty();
                assertThat(missing).as("bad records without a dead letter").isEmpty();
                assertThat(dead).hasSize(bad.size());

                // Views: each user's latest view holds exactly its valid events, redeliveries once.
                Map<String, UserProfileView> views =
                        TopicIo.latestProfiles(kafka.bootstrapServers());
                int lost = 0;
                for (var entry : expectedViews.entrySet()) {
                    UserProfileView view = views.get(entry.getKey());
                    Set<String> actual = new TreeSet<>();
                    if (view != null) {
                        view.events().forEach(e -> actual.add(e.eventId()));
                        assertThat(view.events()).hasSize(actual.size()); // no event twice
                        assertThat(view.logFloor()).as("nothing pruned").isEqualTo(-1);
                    }
                    Set<String> gone = new TreeSet<>(entry.getValue());
                    gone.removeAll(actual);
                    lost += gone.size();
                    assertThat(actual).as("view of %s", entry.getKey()).isEqualTo(entry.getValue());
                }
                assertThat(views.keySet()).isEqualTo(expectedViews.keySet());
                assertThat(lost).isZero();

                // Archive: one line per consumed offset, a marker per dead letter.
                List<ConsumerRecord<String, byte[]>> records =
                        TopicIo.readAll(kafka.bootstrapServers(), Topics.USER_INTERACTIONS);
                assertThat(records).hasSize(sent.size());
                Path archive =
                        tmp.resolve("s3/s3")
                                .resolve(s3.settings().bucket())
                                .resolve("interactions");
                try {
                    await("archive complete")
                            .atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> TopicIo.archivedLines(archive).size() >= records.size());
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    Path kept = Path.of("target", "SpeedLayerFuzzTest-speed.log");
                    String log = job.logText();
                    Files.writeString(kept, log);
                    job.dumpTo(Path.of("target", "SpeedLayerFuzzTest-speed.jcmd.txt"));
                    // What the archive holds and what the job said about its checkpoints: the two
                    // things that tell a slow commit from a lost line.
                    List<String> notable =
                            log.lines()
                                    .filter(l -> l.contains("heckpoint") || l.contains("WARN"))
                                    .toList();
                    String checkpoints =
                            String.join(
                                    "\n",
                                    notable.subList(
                                            Math.max(0, notable.size() - 40), notable.size()));
                    throw new AssertionError(
                            "archive holds "
                                    + TopicIo.archivedLines(archive).size()
                                    + " lines of "
                                    + records.size()
                                    + " consumed records after 60 s; files: "
                                    + TopicIo.archiveFiles(archive)
                                    + "\njob log (checkpoints, warnings; all of it in "
                                    + kept.toAbsolutePath()
                                    + "):\n"
                                    + checkpoints,
                            e);
                }
                List<String> lines = TopicIo.archivedLines(archive);
                Set<String> positions = new TreeSet<>();
                int markers = 0;
                for (String line : lines) {
                    ArchivedRecord r = ArchiveCodec.fromJson(line.getBytes(StandardCharsets.UTF_8));
                    positions.add(r.partition() + "/" + r.offset());
                    markers += r.isEvent() ? 0 : 1;
                }
                assertThat(lines).hasSize(records.size());
                assertThat(positions).hasSize(records.size());
                assertThat(markers).isEqualTo(bad.size());

                // The job ran through all of it: still up, the same job, no task failed.
                assertThat(job.isAlive()).isTrue();
                assertThat(job.count(RUNNING_LINE)).isEqualTo(1);
                assertThat(job.logText()).doesNotContain("to FAILED").doesNotContain("RESTARTING");

                long redeliveries = sent.stream().filter(s -> s.kind() == Kind.REDELIVERY).count();
                long oversized =
                        bad.stream()
                                .filter(
                                        b ->
                                                b.value() != null
                                                        && b.value().length > MAX_EVENT_BYTES)
                                .count();
                System.out.printf(
                        "SpeedLayerFuzzTest figures: seed=%d sent=%d valid=%d (distinct %d,"
                                + " redeliveries %d, users %d) bad=%d (oversized %d) dlq=%d"
                                + " archived=%d lost=%d send=%.1fs all_accounted=%.1fs%n",
                        SEED,
                        sent.size(),
                        sent.size() - bad.size(),
                        validDistinct,
                        redeliveries,
                        expectedViews.size(),
                        bad.size(),
                        oversized,
                        dead.size(),
                        lines.size(),
                        lost,
                        sendSeconds,
                        seconds);
                System.out.println("SpeedLayerFuzzTest reasons: " + reasons(dead));
            }
        }
    }

    static final String RUNNING_LINE = SpeedLayerProcess.RUNNING_LINE;

    /** The generator: every record is built knowing whether the job must accept it. */
    static final class Generator {
        private final Random random;
        private final long now;
        private final List<String> users = new ArrayList<>();
        private final List<String> tracks = new ArrayList<>();
        // Keyed valid events, for redeliveries (a keyless redelivery could land on another
        // partition than its original, which restarts the user's log: see RELIABILITY.md).
        private final List<Sent> valid = new ArrayList<>();
        private int sequence;

        Generator(Random random, long now) {
            this.random = random;
            this.now = now;
            for (int i = 0; i < 150; i++) {
                users.add(oddId("user", i));
            }
            for (int i = 0; i < 60; i++) {
                tracks.add(oddId("track", i));
            }
        }

        List<Sent> records(int count) {
            List<Sent> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(next());
            }
            return out;
        }

        private Sent next() {
            int dice = random.nextInt(100);
            if (dice < 50) {
                return remember(validEvent(pick(users), true));
            }
            if (dice < 55 && !valid.isEmpty()) {
                Sent original = valid.get(random.nextInt(valid.size()));
                return new Sent(
                        original.key(),
                        original.value(),
                        Kind.REDELIVERY,
                        original.userId(),
                        original.eventId(),
                        null);
            }
            if (dice < 58) {
                // No key: a user of its own, so the partitioner's choice cannot split a user's log.
                return validEvent("keyless-" + sequence, false);
            }
            return bad();
        }

        private Sent remember(Sent event) {
            valid.add(event);
            return event;
        }

        /** A valid event, in an unusual but legal spelling. */
        private Sent validEvent(String user, boolean keyed) {
            String eventId = "ev-" + (sequence++) + "-" + Long.toHexString(random.nextLong());
            long timestamp =
                    switch (random.nextInt(20)) {
                        case 0 -> (long) (random.nextDouble() * (now - 3650 * DAY)); // 1970-2016
                        case 1 -> now + random.nextInt(60_000); // ahead, within the skew
                        default -> now - random.nextInt(600_000);
                    };
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("event_id", str(eventId));
            fields.put("user_id", str(user));
            fields.put("track_id", str(pick(tracks)));
            fields.put("interaction_type", str(pick(List.of("play", "like", "skip"))));
            fields.put("timestamp", Long.toString(timestamp));
            if (random.nextInt(4) == 0) {
                fields.put("client", extraValue());
            }
            if (random.nextInt(8) == 0) {
                fields.put("ünknown\\u0000", extraValue());
            }
            byte[] json = object(fields, random.nextBoolean()).getBytes(StandardCharsets.UTF_8);
            if (json.length > MAX_EVENT_BYTES) { // an id or extra field made it too long
                fields.remove("client");
                fields.remove("ünknown\\u0000");
                json = object(fields, false).getBytes(StandardCharsets.UTF_8);
            }
            assertThat(json.length).isLessThanOrEqualTo(MAX_EVENT_BYTES);
            return new Sent(keyed ? user : null, json, Kind.VALID, user, eventId, null);
        }

        /** One bad record, and the start of the reason the job must give. */
        private Sent bad() {
            String marker = "fz-" + (sequence++);
            Map<String, String> fields = new LinkedHashMap<>();
            String user = pick(users);
            fields.put("event_id", str(marker));
            fields.put("user_id", str(user));
            fields.put("track_id", str(pick(tracks)));
            fields.put("interaction_type", str("play"));
            fields.put("timestamp", Long.toString(now - random.nextInt(600_000)));
            String key = random.nextInt(10) == 0 ? null : user;
            switch (random.nextInt(12)) {
                case 0 -> { // malformed JSON: a cut valid event, or garbage
                    String whole = object(fields, false);
                    String text =
                            switch (random.nextInt(6)) {
                                case 0 ->
                                        whole.substring(0, 1 + random.nextInt(whole.length() - 1));
                                case 1 -> whole.replace("\"event_id\"", "event_id");
                                case 2 -> whole.replace('"', '\'');
                                case 3 -> whole + " trailing " + marker;
                                case 4 -> whole + whole;
                                default -> "/* " + marker + " */ " + whole;
                            };
                    return bad(key, text, "malformed JSON");
                }
                case 1 -> { // not an object
                    String text =
                            pick(
                                    List.of(
                                            "[" + str(marker) + "]",
                                            str(marker),
                                            "42",
                                            "null",
                                            "true",
                                            "   ",
                                            "NaN"));
                    return bad(key, text, "malformed JSON");
                }
                case 2 -> { // a field of the wrong type
                    String field =
                            pick(List.of("event_id", "user_id", "track_id", "interaction_type"));
                    fields.put("note", str(marker));
                    fields.put(field, pick(List.of("7", "true", "{\"a\":1}", "[1,2]", "1.5")));
                    return bad(key, object(fields, true), "field " + field + " must be a string");
                }
                case 3 -> { // a timestamp that is not an epoch-ms integer
                    fields.put(
                            "timestamp",
                            pick(
                                    List.of(
                                            "\"" + now + "\"",
                                            now + ".5",
                                            "1.7e12",
                                            "true",
                                            "{}",
                                            "[" + now + "]")));
                    return bad(
                            key,
                            object(fields, true),
                            "field timestamp must be an integer (epoch ms)");
                }
                case 4 -> { // beyond a long: the parser refuses the number
                    fields.put("timestamp", "9" + "9".repeat(19 + random.nextInt(40)));
                    return bad(key, object(fields, true), "malformed JSON");
                }
                case 5 -> { // a required field missing, or null
                    String field =
                            pick(
                                    List.of(
                                            "event_id",
                                            "user_id",
                                            "track_id",
                                            "interaction_type",
                                            "timestamp"));
                    if (random.nextBoolean()) {
                        fields.remove(field);
                    } else {
                        fields.put(field, "null");
                    }
                    fields.put("note", str(marker));
                    // The first missing id decides the reason; every other field is present.
                    return bad(key, object(fields, true), "missing field: " + field);
                }
                case 6 -> { // a blank id
                    String field = pick(List.of("event_id", "user_id", "track_id"));
                    fields.put(field, str(pick(List.of("", " ", "\t", " \n "))));
                    fields.put("note", str(marker));
                    return bad(key, object(fields, true), "blank field: " + field);
                }
                case 7 -> { // unknown interaction type
                    fields.put(
                            "interaction_type",
                            str(
                                    pick(
                                            List.of(
                                                    "dance",
                                                    "PLAY",
                                                    "Like",
                                                    " skip",
                                                    "play ",
                                                    "",
                                                    "lïke",
                                                    "x".repeat(300)))));
                    return bad(key, object(fields, true), "unknown interaction_type");
                }
                case 8 -> { // over SPEED_MAX_EVENT_BYTES: a valid event with a huge extra field
                    int size =
                            random.nextInt(10) == 0
                                    ? 64 * 1024 + random.nextInt(400_000)
                                    : MAX_EVENT_BYTES + 1 + random.nextInt(8_000);
                    fields.put("padding", str("p".repeat(size)));
                    String text = object(fields, false);
                    assertThat(text.length()).isGreaterThan(MAX_EVENT_BYTES);
                    return bad(key, text, "oversized payload");
                }
                case 9 -> { // far in the future, or negative
                    if (random.nextBoolean()) {
                        long ahead =
                                random.nextBoolean()
                                        ? DAY + (long) (random.nextDouble() * 3650 * DAY)
                                        : Long.MAX_VALUE - now;
                        fields.put("timestamp", Long.toString(now + ahead));
                        return bad(key, object(fields, true), "timestamp too far in the future");
                    }
                    long negative =
                            random.nextBoolean()
                                    ? -1 - random.nextInt(1_000_000)
                                    : Long.MIN_VALUE + random.nextInt(1000);
                    fields.put("timestamp", Long.toString(negative));
                    return bad(key, object(fields, true), "negative timestamp");
                }
                case 10 -> { // invalid UTF-8 inside an id
                    String field = pick(List.of("user_id", "track_id", "event_id"));
                    byte[][] invalid = {
                        {(byte) 0xFF},
                        {(byte) 0xFE, (byte) 0xFF},
                        {(byte) 0x80},
                        {(byte) 0xC3, '('},
                        {(byte) 0xE2, (byte) 0x82, '('},
                        {'c', 'a', 'f', (byte) 0xE9, 's'} // Latin-1 "café"
                    };
                    fields.put(field, "\"@@" + marker + "@@\"");
                    String text = object(fields, true);
                    int at = text.indexOf("@@" + marker + "@@");
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
                    bytes.write(head, 0, head.length);
                    byte[] mid = (marker + "-").getBytes(StandardCharsets.UTF_8);
                    bytes.write(mid, 0, mid.length);
                    byte[] bogus = invalid[random.nextInt(invalid.length)];
                    bytes.write(bogus, 0, bogus.length);
                    byte[] tail =
                            text.substring(at + marker.length() + 4)
                                    .getBytes(StandardCharsets.UTF_8);
                    bytes.write(tail, 0, tail.length);
                    return new Sent(
                            key, bytes.toByteArray(), Kind.BAD, null, null, "malformed JSON");
                }
                default -> { // a tombstone or an empty value
                    byte[] value = random.nextBoolean() ? null : new byte[0];
                    return new Sent(key, value, Kind.BAD, null, null, "empty payload");
                }
            }
        }

        private static Sent bad(String key, String text, String reason) {
            return new Sent(
                    key, text.getBytes(StandardCharsets.UTF_8), Kind.BAD, null, null, reason);
        }

        /** Ids that are legal but unusual: non-ASCII, emoji, quotes, escapes, control chars. */
        private String oddId(String prefix, int i) {
            return switch (i % 8) {
                case 0 -> prefix + "-" + i;
                case 1 -> "ユーザー" + prefix + i;
                case 2 -> "🎵" + prefix + "🎧" + i;
                case 3 -> prefix + "\"quoted\"" + i;
                case 4 -> prefix + "\\back\\slash" + i;
                case 5 -> prefix + "\u0001ctl\t" + i;
                case 6 -> prefix + "/" + "x".repeat(200) + i;
                default -> " " + prefix + " spaced " + i + " ";
            };
        }

        private String extraValue() {
            return switch (random.nextInt(5)) {
                case 0 -> "null";
                case 1 -> "{\"nested\":[1,{\"timestamp\":\"x\"},[]],\"user_id\":5}";
                case 2 -> "[\"a\",null,true,1.5e3]";
                case 3 -> str("🎶 " + "z".repeat(random.nextInt(100)));
                default -> "-12.5e-3";
            };
        }

        /** A JSON string literal, escaping what must be escaped and, at random, more. */
        private String str(String value) {
            StringBuilder out = new StringBuilder(value.length() + 2).append('"');
            value.codePoints()
                    .forEach(
                            cp -> {
                                if (cp == '"' || cp == '\\') {
                                    out.append('\\').appendCodePoint(cp);
                                } else if (cp < 0x20 || (cp > 0x7E && random.nextInt(3) == 0)) {
                                    for (char c : Character.toChars(cp)) {
                                        out.append(String.format("\\u%04x", (int) c));
                                    }
                                } else {
                                    out.appendCodePoint(cp);
                                }
                            });
            return out.append('"').toString();
        }

        /** An object of raw JSON values, fields shuffled and spaced at random when asked. */
        private String object(Map<String, String> fields, boolean shuffle) {
            List<Map.Entry<String, String>> entries = new ArrayList<>(fields.entrySet());
            if (shuffle) {
                Collections.shuffle(entries, random);
            }
            String space = random.nextInt(4) == 0 ? pick(List.of(" ", "\n", "\t", " \r\n ")) : "";
            StringBuilder out = new StringBuilder("{").append(space);
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    out.append(',').append(space);
                }
                String name = entries.get(i).getKey();
                out.append(name.contains("\\") ? "\"" + name + "\"" : str(name))
                        .append(space)
                        .append(':')
                        .append(space)
                        .append(entries.get(i).getValue());
            }
            return out.append(space).append('}').toString();
        }

        private <T> T pick(List<T> options) {
            return options.get(random.nextInt(options.size()));
        }
    }

    /** What the job writes as originalEvent: the payload decoded as UTF-8, cut past 64 K chars. */
    private static String asDeadLetterText(byte[] value) {
        String text = value == null ? "" : new String(value, StandardCharsets.UTF_8);
        return text.length() <= DLQ_PAYLOAD_CHARS
                ? text
                : text.substring(0, DLQ_PAYLOAD_CHARS) + "…(truncated)";
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    private static Map<String, Long> reasons(List<DeadLetter> dead) {
        Map<String, Long> byKind = new TreeMap<>();
        for (DeadLetter d : dead) {
            String kind = d.error().replaceAll("[:(].*", "").trim();
            byKind.merge(kind, 1L, Long::sum);
        }
        return byKind;
    }

    private static int dlqCount(LocalKafkaBroker kafka) {
        return TopicIo.readAll(kafka.bootstrapServers(), Topics.USER_INTERACTIONS_DLQ).size();
    }

    private static int eventsInViews(Map<String, UserProfileView> views) {
        return views.values().stream().mapToInt(v -> v.events().size()).sum();
    }

    private Map<String, String> env(LocalKafkaBroker kafka, LocalObjectStore s3) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SPEED_STATE_DIR", tmp.resolve("state").toString());
        env.put("SPEED_CHECKPOINT_INTERVAL_MS", "1000");
        env.put("SPEED_MAX_EVENT_BYTES", Integer.toString(MAX_EVENT_BYTES));
        // Far-past timestamps are valid events; a retention covering them keeps every valid event
        // in its user's log, so the views can be counted exactly (pruning is logFloor's business).
        env.put("SPEED_LOG_RETENTION", "36500d");
        env.put("SPEED_USER_STATE_TTL", "36500d");
        env.put("SPEED_PROFILE_FLUSH_INTERVAL", "100ms");
        env.put("FLINK_PARALLELISM", "2");
        env.put("SPEED_ARCHIVE", "true");
        env.put("SPEED_MODELS_PATH", tmp.resolve("models").toUri().toString());
        env.put("S3_ENDPOINT", s3.settings().endpoint());
        env.put("S3_BUCKET", s3.settings().bucket());
        env.put("S3_REGION", s3.settings().region());
        env.put("S3_ACCESS_KEY", s3.settings().accessKey());
        env.put("S3_SECRET_KEY", s3.settings().secretKey());
        return env;
    }
}
