package org.lambdamusic.localstack.replay;

import java.io.PrintWriter;
import java.util.Locale;
import org.lambdamusic.contracts.interaction.InteractionEvent;

/** Sends a plan's events in order at the given rate, logging progress, and waits for every ack. */
public final class Replayer {
    /** Seconds between two progress lines. */
    static final long PROGRESS_INTERVAL_SECONDS = 5;

    private Replayer() {}

    /**
     * @param rate events per second; 0 or less: as fast as Kafka takes them
     * @return the events sent, all acknowledged
     * @throws IllegalStateException when Kafka did not acknowledge one
     */
    public static long send(ReplayPlan plan, ReplaySender sender, double rate, PrintWriter out)
            throws InterruptedException {
        Pacer pacer = new Pacer(rate, System::nanoTime);
        ReplayProgress progress =
                new ReplayProgress(
                        plan.events().size(), PROGRESS_INTERVAL_SECONDS, System::nanoTime, out);
        long sent = 0;
        for (InteractionEvent event : plan.events()) {
            pacer.awaitTurn(sent);
            sender.send(event);
            sent++;
            progress.update(sent, sender.acknowledged());
        }
        sender.flush();
        double seconds = progress.elapsedSeconds();
        out.println(
                String.format(
                        Locale.ROOT,
                        "replay sent events=%d acknowledged=%d seconds=%.1f rate=%.0f/s",
                        sent,
                        sender.acknowledged(),
                        seconds,
                        seconds > 0 ? sent / seconds : 0));
        return sent;
    }
}
