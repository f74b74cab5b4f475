package org.lambdamusic.serving.model;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Small coordination objects beside the model versions (under the model root, e.g. {@code
 * models/_retrain.lease}), written with S3 conditional writes: create only when absent ({@code
 * If-None-Match: *}), replace only while the ETag is the one read ({@code If-Match}). The store
 * must evaluate the condition and write atomically: AWS S3 and MinIO do, and so does local-stack's
 * store (ConditionalWriteRaceTest). Plus plain writes, listing and deletes for objects a single
 * writer owns (the retrain journal). Kept here so the S3 client stays in this package.
 */
@Component
public class ConditionalObjects {
    private static final Logger log = LoggerFactory.getLogger(ConditionalObjects.class);
    private final S3Client s3;
    private final String bucket;
    private final String root;

    public ConditionalObjects(
            S3Client s3, ObjectStoreSettings settings, ModelProperties properties) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.root = new ArtifactLayout(properties.root()).root();
    }

    /** One object as read: its bytes and the ETag a conditional replace must name. */
    public record Stored(byte[] bytes, String etag) {}

    /** {@code s3://bucket/root/name}, for logs and problems. */
    public String location(String name) {
        return "s3://" + bucket + "/" + key(name);
    }

    /**
     * @throws ObjectStoreUnavailableException when the store cannot be read
     */
    public Optional<Stored> read(String name) {
        try {
            var response =
                    s3.getObject(
                            b -> b.bucket(bucket).key(key(name)), ResponseTransformer.toBytes());
            return Optional.of(new Stored(response.asByteArray(), response.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new ObjectStoreUnavailableException(e);
        }
    }

    /**
     * Writes the object only if none exists.
     *
     * @return the new ETag, or empty when an object was already there
     */
    public Optional<String> create(String name, byte[] bytes) {
        return conditionalPut(name, bytes, null);
    }

    /**
     * Replaces the object only if it still has {@code etag}.
     *
     * @return the new ETag, or empty when the object changed or vanished since it was read
     */
    public Optional<String> replace(String name, byte[] bytes, String etag) {
        return conditionalPut(name, bytes, etag);
    }

    /**
     * Writes the object whatever is there (last writer wins): for objects one writer owns.
     *
     * @throws ObjectStoreUnavailableException when the store cannot be written
     */
    public void put(String name, byte[] bytes) {
        try {
            s3.putObject(
                    b -> b.bucket(bucket).key(key(name)).contentType("application/json"),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException | UncheckedIOException e) {
            // UncheckedIOException: the SDK's URL-connection client lets some socket failures out
            // unwrapped; still the store being unreachable, a 503, not a 500.
            throw new ObjectStoreUnavailableException(e);
        }
    }

    /**
     * The names (relative to the model root, like every name here) of the objects under {@code
     * prefix}, in key order.
     *
     * @throws ObjectStoreUnavailableException when the store cannot be listed
     */
    public List<String> names(String prefix) {
        try {
            List<String> names = new ArrayList<>();
            int rootLength = key("").length();
            for (S3Object object :
                    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(key(prefix)))
                            .contents()) {
                names.add(object.key().substring(rootLength));
            }
            return names;
        } catch (SdkException e) {
            throw new ObjectStoreUnavailableException(e);
        }
    }

    /**
     * Deletes the object if it exists.
     *
     * @throws ObjectStoreUnavailableException when the store cannot be written
     */
    public void delete(String name) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key(name)));
        } catch (SdkException e) {
            throw new ObjectStoreUnavailableException(e);
        }
    }

    private Optional<String> conditionalPut(String name, byte[] bytes, String ifMatch) {
        try {
            var response =
                    s3.putObject(
                            b -> {
                                b.bucket(bucket).key(key(name)).contentType("application/json");
                                if (ifMatch == null) {
                                    b.ifNoneMatch("*");
                                } else {
                                    b.ifMatch(ifMatch);
                                }
                            },
                            RequestBody.fromBytes(bytes));
            return Optional.of(response.eTag());
        } catch (S3Exception e) {
            // 412: the condition did not hold; 404: If-Match on a deleted object; 409: AWS's
            // answer to two conditional writes of one key at the same moment. All mean "lost",
            // unless this write landed on an earlier attempt whose answer was lost: the client
            // retried it, and the retry found the object already changed, by this write itself.
            if (e.statusCode() == 412 || e.statusCode() == 404 || e.statusCode() == 409) {
                return landed(name, bytes, e.statusCode());
            }
            throw new ObjectStoreUnavailableException(e);
        } catch (SdkClientException | UncheckedIOException e) {
            // The request did not get an answer: s3proxy answers a failed condition before it has
            // read the body and closes the connection, so the client fails writing the body ("Error
            // writing request body to server") instead of reading the 412.
            return landed(name, bytes, 0);
        } catch (SdkException e) {
            throw new ObjectStoreUnavailableException(e);
        }
    }

    /**
     * Whether a conditional write whose answer was a failure (or none) landed all the same, read
     * from the object itself: it holds these exact bytes (they name a unique run and instant) or it
     * does not. Only the one write the store let through can have put them there.
     */
    private Optional<String> landed(String name, byte[] bytes, int status) {
        Optional<Stored> now = read(name);
        if (now.isPresent() && Arrays.equals(now.get().bytes(), bytes)) {
            log.info(
                    "conditional write of {} landed though its answer was {}",
                    location(name),
                    status == 0 ? "lost" : status);
            return Optional.of(now.get().etag());
        }
        return Optional.empty();
    }

    private String key(String name) {
        return root.isEmpty() ? name : root + "/" + name;
    }
}
