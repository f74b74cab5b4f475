package org.lambdamusic.serving.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.lambdamusic.serving.model.ConditionalObjects;
import org.lambdamusic.serving.model.ObjectStoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrain runs of every serving instance on one bucket, so an operator sees the same history
 * through any of them (behind a proxy, the GET of a run may reach another instance than its POST):
 * {@code <model root>/_retrain/runs/<run_id>.json}, written by the instance that owns the run at
 * each change of state, with the tail of its log once it has finished. Run ids sort by time, so the
 * newest entries are the last names. Not a version folder: version listings skip names that are not
 * versions. The journal is a convenience beside the lease, never a lock: a store that cannot be
 * written or read leaves each instance with its own runs, and a warning.
 */
public class RunJournal {
    static final String PREFIX = "_retrain/runs/";
    private static final String SUFFIX = ".json";
    private static final Logger log = LoggerFactory.getLogger(RunJournal.class);

    /** One run as journaled: by which instance, with its log's last lines once finished. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Entry(RetrainRun run, String instance, List<String> logTail) {
        public Entry {
            logTail = logTail == null ? List.of() : List.copyOf(logTail);
        }
    }

    private final ConditionalObjects objects;
    private final ObjectMapper json;

    public RunJournal(ConditionalObjects objects, ObjectMapper json) {
        this.objects = objects;
        this.json = json;
    }

    /** Writes the run's current state (best effort: a failure is logged, not thrown). */
    void write(Entry entry) {
        try {
            objects.put(name(entry.run().runId()), json.writeValueAsBytes(entry));
        } catch (IOException | ObjectStoreUnavailableException e) {
            log.warn(
                    "retrain journal not written run_id={} ({}): other instances will not list it",
                    entry.run().runId(),
                    e.toString());
        }
    }

    Optional<Entry> find(String runId) {
        if (!Retrainer.isRunId(runId)) {
            return Optional.empty();
        }
        try {
            return objects.read(name(runId)).flatMap(stored -> parse(stored.bytes()));
        } catch (ObjectStoreUnavailableException e) {
            log.warn("retrain journal not read run_id={} ({})", runId, e.toString());
            return Optional.empty();
        }
    }

    /** The newest {@code count} entries, newest first; empty when the store cannot be read. */
    List<Entry> recent(int count) {
        try {
            List<String> names = new ArrayList<>(objects.names(PREFIX));
            names.sort(Comparator.reverseOrder());
            List<Entry> entries = new ArrayList<>();
            for (String name : names.subList(0, Math.min(count, names.size()))) {
                objects.read(name).flatMap(stored -> parse(stored.bytes())).ifPresent(entries::add);
            }
            return entries;
        } catch (ObjectStoreUnavailableException e) {
            log.warn("retrain journal not listed ({})", e.toString());
            return List.of();
        }
    }

    /** Deletes all but the newest {@code keep} entries (best effort). */
    void prune(int keep) {
        try {
            List<String> names = new ArrayList<>(objects.names(PREFIX));
            names.sort(Comparator.reverseOrder());
            for (String name : names.subList(Math.min(keep, names.size()), names.size())) {
                objects.delete(name);
            }
        } catch (ObjectStoreUnavailableException e) {
            log.warn("retrain journal not pruned ({})", e.toString());
        }
    }

    private Optional<Entry> parse(byte[] bytes) {
        try {
            return Optional.of(json.readValue(bytes, Entry.class));
        } catch (IOException e) {
            log.warn("retrain journal entry unreadable, skipped ({})", e.getMessage());
            return Optional.empty();
        }
    }

    static String name(String runId) {
        return PREFIX + runId + SUFFIX;
    }
}
