package org.lambdamusic.speed.archive;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.lambdamusic.contracts.interaction.ArchiveCodec;

/**
 * The interaction archive: one line per consumed record of {@code user-interactions}, in the
 * contracts' {@link ArchiveCodec} mapping, under {@code
 * <base>/date=YYYY-MM-DD/part-<uuid>-<n>.jsonl}: each valid event with its partition and offset,
 * and a rejection marker ({@code {"partition","offset","rejected"}}) for each record that went to
 * the dead-letter topic, so the batch layer sees every offset and can check that a partition's
 * archive has no gap up to its watermark. Files roll on every checkpoint and become visible only
 * once that checkpoint completes, so the archive holds each consumed record exactly once per job
 * run and never a half-written file. A job restarted from an older position (a reset to the served
 * watermark) writes the records after that position again: the batch layer keeps one line per
 * partition and offset.
 */
public final class InteractionArchive {
    private InteractionArchive() {}

    public static FileSink<ArchiveEntry> sink(String basePath) {
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

    /** One record per line, in the single archive mapping from contracts. */
    static final class JsonLines implements Encoder<ArchiveEntry> {
        private static final long serialVersionUID = 1L;

        // One per subtask: each deserializes its own copy of the sink, and writes on its task
        // thread.
        private transient ArchiveCodec.LineWriter lines;

        @Override
        public void encode(ArchiveEntry entry, OutputStream out) throws IOException {
            if (lines == null) {
                lines = new ArchiveCodec.LineWriter();
            }
            lines.write(entry.record(), out);
        }
    }
}
