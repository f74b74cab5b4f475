package org.lambdamusic.serving.retrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.lambdamusic.serving.model.ConditionalObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object-store lease that keeps retrain runs from overlapping, also across serving instances
 * sharing one bucket: {@code <model root>/_retrain.lease}, JSON {@code {owner, run_id, acquired_at,
 * expires_at}}. Taken with a conditional write (If-None-Match when absent, If-Match on the ETag of
 * an expired or released lease), renewed with If-Match while the run goes on, released by writing
 * it expired. A holder that dies stops renewing; the lease expires after its TTL and the next run
 * takes it over.
 *
 * <p>Why conditional writes: the store every instance already shares decides, and its answer is
 * final. Of the writers naming one ETag (or all creating the absent lease) the store lets exactly
 * one through, atomically: AWS S3 and MinIO evaluate the condition and write as one step, and so
 * does the local store (local-stack runs s3proxy with a lock around its check-then-write, which
 * alone let two writers with the same ETag both through). A 200 therefore means this run holds the
 * lease, with no pause and no second look (a failure answer gets one, in ConditionalObjects: the
 * client may have retried a write that had landed). RetrainLeaseTest races several holders, round
 * after round, and exactly one takes it each round. A store whose conditional writes are not atomic
 * cannot carry this lease.
 */
public class RetrainLease {
    static final String NAME = "_retrain.lease";
    private static final Logger log = LoggerFactory.getLogger(RetrainLease.class);

    private final ConditionalObjects objects;
    private final ObjectMapper json;
    private final String owner;
    private final Duration ttl;
    private final Clock clock;

    public RetrainLease(
            ConditionalObjects objects,
            ObjectMapper json,
            String owner,
            Duration ttl,
            Clock clock) {
        this.objects = objects;
        this.json = json;
        this.owner = owner;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The lease's content. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Holder(String owner, String runId, Instant acquiredAt, Instant expiresAt) {}

    /** The outcome of {@link #tryAcquire}: exactly one of the two is present. */
    public record Attempt(Held held, Holder busyWith) {
        public boolean acquired() {
            return held != null;
        }
    }

    public String owner() {
        return owner;
    }

    public String location() {
        return objects.location(NAME);
    }

    /** The current holder, if the lease is held and not expired. */
    public Optional<Holder> holder() {
        return objects.read(NAME).map(s -> parse(s.bytes())).filter(this::live);
    }

    /**
     * Takes the lease for {@code runId} unless another run holds it.
     *
     * @throws org.lambdamusic.serving.model.ObjectStoreUnavailableException when the store cannot
     *     be reached: no run may start then
     */
    public Attempt tryAcquire(String runId) {
        Instant now = clock.instant();
        Holder mine = new Holder(owner, runId, now, now.plus(ttl));
        Optional<ConditionalObjects.Stored> current = objects.read(NAME);
        Optional<String> etag;
        if (current.isEmpty()) {
            etag = objects.create(NAME, bytes(mine));
        } else {
            Holder holder = parse(current.get().bytes());
            if (live(holder)) {
                return new Attempt(null, holder);
            }
            etag = objects.replace(NAME, bytes(mine), current.get().etag());
        }
        if (etag.isEmpty()) {
            log.info("retrain lease lost to a concurrent writer run_id={}", runId);
            return new Attempt(null, holderOrUnknown());
        }
        log.info("retrain lease taken run_id={} owner={} at {}", runId, owner, location());
        return new Attempt(new Held(mine, etag.get()), null);
    }

    /** A lease this instance holds, for one run. */
    public final class Held {
        private volatile Holder holder;
        private volatile String etag;

        private Held(Holder holder, String etag) {
            this.holder = holder;
            this.etag = etag;
        }

        public String runId() {
            return holder.runId();
        }

        /**
         * Extends the lease by its TTL.
         *
         * @return false when the lease is no longer this run's (it expired and another run took
         *     it): the run must stop
         */
        public synchronized boolean renew() {
            Holder next =
                    new Holder(
                            holder.owner(),
                            holder.runId(),
                            holder.acquiredAt(),
                            clock.instant().plus(ttl));
            Optional<String> written = objects.replace(NAME, bytes(next), etag);
            if (written.isEmpty()) {
                return false;
            }
            holder = next;
            etag = written.get();
            return true;
        }

        /** Writes the lease expired, so the next run need not wait for the TTL. */
        public synchronized void release() {
            Holder expired =
                    new Holder(
                            holder.owner(), holder.runId(), holder.acquiredAt(), clock.instant());
            try {
                if (objects.replace(NAME, bytes(expired), etag).isEmpty()) {
                    log.warn("retrain lease was no longer ours on release run_id={}", runId());
                }
            } catch (RuntimeException e) {
                // It expires on its own after the TTL.
                log.warn("retrain lease not released run_id={}: {}", runId(), e.toString());
            }
        }
    }

    private Holder holderOrUnknown() {
        return objects.read(NAME)
                .map(s -> parse(s.bytes()))
                .orElse(new Holder(null, null, null, null));
    }

    private boolean live(Holder holder) {
        return holder != null
                && holder.expiresAt() != null
                && holder.expiresAt().isAfter(clock.instant());
    }

    /** An unreadable lease counts as expired, so a corrupt object cannot block retraining. */
    private Holder parse(byte[] bytes) {
        try {
            return json.readValue(bytes, Holder.class);
        } catch (IOException e) {
            return new Holder(null, null, null, null);
        }
    }

    private byte[] bytes(Holder holder) {
        try {
            return json.writeValueAsBytes(holder);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
