package org.lambdamusic.localstack.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.lambdamusic.contracts.interaction.InteractionEvent;

/**
 * Every event of a replay, in the order they are sent: by event time, then listener (in dataset id
 * order), then the listener's own order. Every listener starts at the same base time, so the stream
 * goes slot by slot across all listeners, as a live stream would: each Kafka partition's event time
 * only grows, no event is late for the speed layer's trending windows, and each listener's events
 * stay in their order (one key, one partition).
 */
public record ReplayPlan(List<ListenerTaste> tastes, List<InteractionEvent> events) {

    public ReplayPlan {
        tastes = List.copyOf(tastes);
        events = List.copyOf(events);
    }

    public static ReplayPlan of(List<ListenerTaste> tastes, ReplayDerivation derivation) {
        List<InteractionEvent> events = new ArrayList<>();
        for (ListenerTaste taste : tastes) {
            events.addAll(derivation.events(taste));
        }
        // Stable sort: equal times keep the listener order they were added in.
        events.sort(Comparator.comparingLong(InteractionEvent::timestamp));
        return new ReplayPlan(tastes, events);
    }
}
