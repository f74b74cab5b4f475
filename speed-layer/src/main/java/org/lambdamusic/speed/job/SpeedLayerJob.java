package org.lambdamusic.speed.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.speed.archive.ArchiveEntry;
import org.lambdamusic.speed.profile.ProfileUpdate;
import org.lambdamusic.speed.profile.UserProfileFunction;
import org.lambdamusic.speed.profile.UserProfileOperator;
import org.lambdamusic.speed.served.ServedVersionFollower;
import org.lambdamusic.speed.trending.PaneCounter;
import org.lambdamusic.speed.trending.TrackPaneCount;
import org.lambdamusic.speed.trending.TrendingPanes;
import org.lambdamusic.speed.trending.TrendingTopN;
import org.lambdamusic.speed.trending.TrendingWeights;
import org.lambdamusic.speed.trending.WindowedTrackScore;
import org.lambdamusic.speed.validation.ConsumedRecord;
import org.lambdamusic.speed.validation.EventTimestamps;
import org.lambdamusic.speed.validation.EventValidator;
import org.lambdamusic.speed.validation.PlausibleEventTimeWatermarks;
import org.lambdamusic.speed.validation.PositionedEvent;

/**
 * The speed layer's topology. It receives its source and sinks (as in flink-training), so the same
 * graph runs in production against Kafka and S3, in MiniCluster tests and in the benchmark.
 *
 * <pre>
 * decoded records ─► validate ─┬─► dead letters ─────────────────────────► DLQ sink
 *  (partition, offset,          ├─► archive (events + rejection markers) ─► archive sink (own task)
 *   event or reason)            └─► by user ─► event log (drops redeliveries, trims to the served
 *                                          │   watermark) ─► profile sink
 *                                          └─► accepted events ─► counts per track and pane ─► keyBy track
 *                                  ─► panes per slide, sum per window ─► keyBy window end ─► top N ─► trending sink
 * </pre>
 *
 * "By user": at parallelism 1 the stream is declared keyed as it is ({@link
 * DataStreamUtils#reinterpretAsKeyedStream}): one subtask owns every key group, so the log operator
 * chains to the validator and the events cross no network exchange (no serialization, no second
 * thread). At a higher parallelism a listener's events come from one Kafka partition (the producer
 * keys by listener) but Flink's key groups do not follow Kafka's partition assignment, so they are
 * shuffled by user id. Both give the same keyed state, so a checkpoint of one restores into the
 * other.
 *
 * <p>Operator uids are fixed so state restores across code changes.
 */
public final class SpeedLayerJob {
    private final SpeedSettings settings;

    public SpeedLayerJob(SpeedSettings settings) {
        this.settings = settings;
    }

    /** Where the job's outputs go; {@code archive} may be null (archiving switched off). */
    public record Sinks(
            Sink<DeadLetter> deadLetters,
            Sink<ProfileUpdate> profiles,
            Sink<TrendingView> trending,
            Sink<ArchiveEntry> archive) {}

    public void build(
            StreamExecutionEnvironment env, Source<ConsumedRecord, ?, ?> source, Sinks sinks) {
        build(env, source, sinks, ServedVersionFollower.Reads.BACKGROUND);
    }

    /** As above; {@code reads} says where the served version is read (tests read inline). */
    public void build(
            StreamExecutionEnvironment env,
            Source<ConsumedRecord, ?, ?> source,
            Sinks sinks,
            ServedVersionFollower.Reads reads) {
        long maxOutOfOrdernessMs = settings.maxOutOfOrderness().toMillis();
        long maxFutureSkewMs = settings.maxFutureSkew().toMillis();
        WatermarkStrategy<ConsumedRecord> eventTime =
                WatermarkStrategy.<ConsumedRecord>forGenerator(
                                ctx ->
                                        new PlausibleEventTimeWatermarks<>(
                                                maxOutOfOrdernessMs, maxFutureSkewMs))
                        .withTimestampAssigner(new EventTimestamps())
                        .withIdleness(settings.sourceIdleTimeout());

        DataStream<ConsumedRecord> raw =
                env.fromSource(source, eventTime, "user-interactions").uid("interactions-source");

        boolean archive = sinks.archive() != null;
        SingleOutputStreamOperator<PositionedEvent> events =
                raw.process(new EventValidator(archive)).uid("validate").name("validate");

        events.getSideOutput(EventValidator.DEAD_LETTERS)
                .sinkTo(sinks.deadLetters())
                .uid("dead-letter-sink")
                .name("dead letters");

        if (archive) {
            // Its own task, not chained to the validator: the archive's file sink talks to the
            // object store on the thread it runs on (each checkpoint uploads the open part and
            // waits for it, each completed one commits the multipart upload), 100-250 ms every
            // checkpoint in JFR, during which a chained sink held up every listener's view (the
            // event-to-view p99). Apart, the lines are encoded and uploaded on the second core and
            // only the entries cross, in memory at parallelism 1.
            events.getSideOutput(EventValidator.ARCHIVE)
                    .sinkTo(sinks.archive())
                    .uid("archive-sink")
                    .name("archive")
                    .disableChaining();
        }

        KeySelector<PositionedEvent, String> user = e -> e.event().userId();
        KeyedStream<PositionedEvent, String> byUser =
                env.getParallelism() == 1
                        ? DataStreamUtils.reinterpretAsKeyedStream(events, user, Types.STRING)
                        : events.keyBy(user, Types.STRING);
        SingleOutputStreamOperator<ProfileUpdate> profiles =
                byUser.transform(
                                "user event log",
                                TypeInformation.of(ProfileUpdate.class),
                                new UserProfileOperator(
                                        new UserProfileFunction(
                                                settings.logRetention(),
                                                settings.logMaxEvents(),
                                                settings.profileFlushInterval(),
                                                settings.profileMaxFlushDelay(),
                                                settings.userStateTtl()),
                                        settings.modelsPath(),
                                        settings.modelPollInterval(),
                                        reads))
                        .uid("user-history");
        profiles.sinkTo(sinks.profiles()).uid("profile-sink").name("user profiles");

        // Trending reads the events the history accepted, so a redelivered event counts nowhere.
        // They are counted per track and pane where they were accepted (chained, no exchange) and
        // only the counts cross to the track's subtask.
        profiles.getSideOutput(UserProfileFunction.ACCEPTED_EVENTS)
                .transform(
                        "count per track and pane",
                        TypeInformation.of(TrackPaneCount.class),
                        new PaneCounter(settings.trendingSlide().toMillis()))
                .uid("track-pane-counts")
                .keyBy(TrackPaneCount::trackId)
                .transform(
                        "track score per window",
                        TypeInformation.of(WindowedTrackScore.class),
                        new TrendingPanes(
                                settings.trendingWindow().toMillis(),
                                settings.trendingSlide().toMillis(),
                                settings.trendingTopN(),
                                TrendingWeights.of(settings.feedback())))
                .uid("track-window-panes")
                .keyBy(WindowedTrackScore::windowEnd)
                .process(
                        new TrendingTopN(
                                settings.trendingTopN(), TrendingWeights.of(settings.feedback())))
                .uid("trending-top-n")
                .name("trending top N")
                .sinkTo(sinks.trending())
                .uid("trending-sink")
                .name("trending tracks");
    }
}
