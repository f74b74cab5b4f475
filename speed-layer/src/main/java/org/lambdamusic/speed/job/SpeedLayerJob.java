package org.lambdamusic.speed.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.speed.profile.ProfileUpdate;
import org.lambdamusic.speed.profile.UserProfileFunction;
import org.lambdamusic.speed.trending.TrendingPanes;
import org.lambdamusic.speed.trending.TrendingTopN;
import org.lambdamusic.speed.trending.WindowedTrackScore;
import org.lambdamusic.speed.validation.EventTimestamps;
import org.lambdamusic.speed.validation.EventValidator;
import org.lambdamusic.speed.validation.PlausibleEventTimeWatermarks;

/**
 * The speed layer's topology. It receives its source and sinks (as in flink-training), so the same
 * graph runs in production against Kafka and S3, in MiniCluster tests and in the benchmark.
 *
 * <pre>
 * raw payloads ─► validate ─┬─► dead letters ─────────────────────────────► DLQ sink
 *                           ├─► archive (JSON lines, date=YYYY-MM-DD) ─────► archive sink
 *                           └─► keyBy user ─► history (drops redeliveries) ─► profile sink
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
            Sink<InteractionEvent> archive) {}

    public void build(StreamExecutionEnvironment env, Source<byte[], ?, ?> source, Sinks sinks) {
        long maxOutOfOrdernessMs = settings.maxOutOfOrderness().toMillis();
        long maxFutureSkewMs = settings.maxFutureSkew().toMillis();
        WatermarkStrategy<byte[]> eventTime =
                WatermarkStrategy.<byte[]>forGenerator(
                                ctx ->
                                        new PlausibleEventTimeWatermarks<>(
                                                maxOutOfOrdernessMs, maxFutureSkewMs))
                        .withTimestampAssigner(new EventTimestamps())
                        .withIdleness(settings.sourceIdleTimeout());

        DataStream<byte[]> raw =
                env.fromSource(source, eventTime, "user-interactions").uid("interactions-source");

        SingleOutputStreamOperator<InteractionEvent> events =
                raw.process(new EventValidator(settings.maxEventBytes(), maxFutureSkewMs))
                        .returns(TypeInformation.of(InteractionEvent.class))
                        .uid("validate")
                        .name("validate");

        events.getSideOutput(EventValidator.DEAD_LETTERS)
                .sinkTo(sinks.deadLetters())
                .uid("dead-letter-sink")
                .name("dead letters");

        if (sinks.archive() != null) {
            events.sinkTo(sinks.archive()).uid("archive-sink").name("archive");
        }

        SingleOutputStreamOperator<ProfileUpdate> profiles =
                events.keyBy(InteractionEvent::userId)
                        .process(
                                new UserProfileFunction(
                                        settings.historySize(),
                                        settings.profileFlushInterval(),
                                        settings.profileMaxFlushDelay(),
                                        settings.userStateTtl()))
                        .uid("user-history")
                        .name("user history");
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
                .process(new TrendingTopN(settings.trendingTopN()))
                .uid("trending-top-n")
                .name("trending top N")
                .sinkTo(sinks.trending())
                .uid("trending-sink")
                .name("trending tracks");
    }
}
