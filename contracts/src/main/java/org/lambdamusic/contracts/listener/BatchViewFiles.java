package org.lambdamusic.contracts.listener;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The one encoding of the batch view files: JSON lines (one record per line, {@code \n}, UTF-8),
 * gzip. The records' fields are fixed by their annotations and GZIPOutputStream writes a zero
 * mtime, so the same views always give the same bytes.
 */
public final class BatchViewFiles {
    public static final String LISTENERS = "listeners.jsonl.gz";
    public static final String TRACK_SCORES = "track_scores.jsonl.gz";

    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    // records are written one after another into one gzip stream
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);

    private BatchViewFiles() {}

    public static byte[] writeListeners(List<ListenerView> listeners) {
        return write(listeners, MAPPER.writerFor(ListenerView.class));
    }

    public static byte[] writeTrackScores(List<TrackScore> tracks) {
        return write(tracks, MAPPER.writerFor(TrackScore.class));
    }

    public static List<ListenerView> readListeners(InputStream gz) throws IOException {
        return read(gz, MAPPER.readerFor(ListenerView.class));
    }

    public static List<TrackScore> readTrackScores(InputStream gz) throws IOException {
        return read(gz, MAPPER.readerFor(TrackScore.class));
    }

    private static <T> byte[] write(List<T> records, ObjectWriter writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(records.size() * 128 + 64);
        try (OutputStream out = new GZIPOutputStream(bytes, 1 << 16)) {
            for (T record : records) {
                writer.writeValue(out, record);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> List<T> read(InputStream gz, ObjectReader reader) throws IOException {
        List<T> records = new ArrayList<>();
        // The caller owns gz (ModelReader drains it and checks its size and sha256 afterwards):
        // closing the parser must not close it.
        InputStream callers =
                new FilterInputStream(gz) {
                    @Override
                    public void close() {}
                };
        try (MappingIterator<T> it = reader.readValues(new GZIPInputStream(callers, 1 << 16))) {
            while (it.hasNextValue()) {
                records.add(it.nextValue());
            }
        }
        return records;
    }

    /**
     * What is wrong with a set of batch views, or null: listeners and tracks strictly sorted by id,
     * counts that add up to {@code events} on both sides, scores equal to the listed weights,
     * recent histories within the history size and offsets within the watermark.
     */
    public static String problem(BatchViews views) {
        InteractionsInfo info = views.info();
        if (info.listeners() != views.listeners().size()) {
            return LISTENERS
                    + " has "
                    + views.listeners().size()
                    + " listeners, the manifest says "
                    + info.listeners();
        }
        if (info.tracks() != views.tracks().size()) {
            return TRACK_SCORES
                    + " has "
                    + views.tracks().size()
                    + " tracks, the manifest says "
                    + info.tracks();
        }
        long listenerEvents = 0;
        String previous = null;
        for (ListenerView l : views.listeners()) {
            if (l.userId() == null || (previous != null && previous.compareTo(l.userId()) >= 0)) {
                return LISTENERS + " is not sorted by distinct user_id at " + l.userId();
            }
            previous = l.userId();
            if (l.recent().size() > info.historySize()) {
                return "listener " + l.userId() + " has more recent events than history_size";
            }
            if (l.lastOffset() > info.watermark().of(l.partition())) {
                return "listener "
                        + l.userId()
                        + " has offset "
                        + l.lastOffset()
                        + " beyond the watermark of partition "
                        + l.partition();
            }
            listenerEvents += l.counts().total();
        }
        Integer play = info.weights().get("play");
        Integer like = info.weights().get("like");
        Integer skip = info.weights().get("skip");
        if (play == null || like == null || skip == null) {
            return "interactions.weights needs play, like and skip";
        }
        long trackEvents = 0;
        previous = null;
        for (TrackScore t : views.tracks()) {
            if (t.trackId() == null || (previous != null && previous.compareTo(t.trackId()) >= 0)) {
                return TRACK_SCORES + " is not sorted by distinct track_id at " + t.trackId();
            }
            previous = t.trackId();
            if (t.plays() < 0 || t.likes() < 0 || t.skips() < 0) {
                return "track " + t.trackId() + " has negative counts";
            }
            if (t.score() != t.plays() * play + t.likes() * like + t.skips() * skip) {
                return "track " + t.trackId() + " score does not follow the listed weights";
            }
            trackEvents += t.plays() + t.likes() + t.skips();
        }
        if (listenerEvents != info.events() || trackEvents != info.events()) {
            return "batch views count "
                    + listenerEvents
                    + " listener and "
                    + trackEvents
                    + " track events, the manifest says "
                    + info.events();
        }
        return null;
    }
}
