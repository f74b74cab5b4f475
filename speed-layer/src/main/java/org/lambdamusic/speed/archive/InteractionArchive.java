package org.lambdamusic.speed.archive;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;

/**
 * The raw-event archive: valid events as JSON lines (the contracts' event JSON, one per line) under
 * {@code <base>/date=YYYY-MM-DD/part-<uuid>-<n>.jsonl}. Files roll on every checkpoint and become
 * visible only once that checkpoint completes, so the archive holds each event exactly once and
 * never a half-written file: the immutable master dataset the batch layer can recompute from.
 */
public final class InteractionArchive {
    private InteractionArchive() {}

    public static FileSink<InteractionEvent> sink(String basePath) {
        return FileSink.forRowFormat(new Path(basePath), new JsonLines())
                .withBucketAssigner(new EventDateBuckets())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix("part")
                                .withPartSuffix(".jsonl")
                                .build())
                .build();
    }

    /** One event per line, in the single JSON mapping from contracts. */
    static final class JsonLines implements Encoder<InteractionEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(InteractionEvent event, OutputStream out) throws IOException {
            out.write(InteractionEventCodec.toJson(event));
            out.write('\n');
        }
    }
}
