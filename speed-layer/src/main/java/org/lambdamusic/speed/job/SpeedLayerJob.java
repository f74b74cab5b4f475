package org.lambdamusic.speed.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.speed.archive.ArchiveEntry;
import org.lambdamusic.speed.profile.ProfileUpdate;
import org.lambdamusic.speed.profile.UserProfileFunction;
import org.lambdamusic.speed.trending.TrendingPanes;
import org.lambdamusic.speed.trending.TrendingTopN;
import org.lambdamusic.speed.trending.TrendingWeights;
import org.lambdamusic.speed.trending.WindowedTrackScore;
import org.lambdamusic.speed.validation.EventTimestamps;
import org.lambdamusic.speed.validation.EventValidator;
import org.lambdamusic.speed.validation.PlausibleEventTimeWatermarks;
import org.lambdamusic.speed.validation.PositionedEvent;
import org.lambdamusic.speed.validation.PositionedPayload;

/**
 * The speed layer's topology. It receives its source and sinks (as in flink-training), so the same
 * graph runs in production against Kafka and S3, in MiniCluster tests and in the benchmark.
 *
 * <pre>
 * positioned payloads ─► validate ─┬─► dead letters ─────────────────────────► DLQ sink
 *  (partition, offset)              ├─► archive (events + rejection markers) ─► archive sink
 *                                   └─► keyBy user ─► event log (drops redeliveries) ─► profile sink
 *                                                 └─► accepted events ─► keyBy track
 *                                  ─► panes per slide, sum per window ─► keyBy window end ─► top N ─► trending sink
 * </pre>
 *
 * Operator uids are fixed so state restores across code changes.
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
            StreamExecutionEnvironment env, Source<PositionedPayload, ?, ?> source, Sinks sinks) {
        long maxOutOfOrdernessMs = settings.maxOutOfOrderness().toMillis();
        long maxFutureSkewMs = settings.maxFutureSkew().toMillis();
        WatermarkStrategy<PositionedPayload> eventTime =
                WatermarkStrategy.<PositionedPayload>forGenerator(
                                ctx ->
                                        new PlausibleEventTimeWatermarks<>(
                                                maxOutOfOrdernessMs, maxFutureSkewMs))
                        .withTimestampAssigner(new EventTimestamps())
                        .withIdleness(settings.sourceIdleTimeout());

        DataStream<PositionedPayload> raw =
                env.fromSource(source, eventTime, "user-interactions").uid("interactions-source");

        boolean archive = sinks.archive() != null;
        SingleOutputStreamOperator<PositionedEvent> events =
                raw.process(new EventValidator(settings.maxEventBytes(), maxFutureSkewMs, archive))
                        .uid("validate")
                        .name("validate");

        events.getSideOutput(EventValidator.DEAD_LETTERS)
                .sinkTo(sinks.deadLetters())
                .uid("dead-letter-sink")
                .name("dead letters");

        if (archive) {
            // A side output of the validator, so the sink chains to it: no extra serialization.
            events.getSideOutput(EventValidator.ARCHIVE)
                    .sinkTo(sinks.archive())
                    .uid("archive-sink")
                    .name("archive");
        }

        SingleOutputStreamOperator<ProfileUpdate> profiles =
                events.keyBy(e -> e.event().userId(), Types.STRING)
                        .process(
                                new UserProfileFunction(
                                        settings.logRetention(),
                                        settings.logMaxEvents(),
                                        settings.profileFlushInterval(),
                                        settings.profileMaxFlushDelay(),
                                        settings.userStateTtl()))
                        .uid("user-history")
                        .name("user event log");
        profiles.sinkTo(sinks.profiles()).uid("profile-sink").name("user profiles");

        // Trending reads the events the history accepted, so a redelivered event counts nowhere.
        profiles.getSideOutput(UserProfileFunction.ACCEPTED_EVENTS)
                .keyBy(InteractionEvent::trackId)
                .process(
                        new TrendingPanes(
                                settings.trendingWindow().toMillis(),
                                settings.trendingSlide().toMillis()))
                .uid("track-window-panes")
                .name("track score per window")
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
