package org.lambdamusic.localstack.s3;

import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * s3proxy's blob store with conditional PUTs ({@code If-Match}, {@code If-None-Match}) that are
 * atomic, as on AWS S3 and MinIO: the condition is evaluated and the object written under one lock
 * per key, so of several writers naming the same ETag (or all creating an absent key) exactly one
 * gets 200 and the others 412.
 *
 * <p>Why: s3proxy 4.1.0 checks an {@code If-Match} in its HTTP handler and only then lets the file
 * system store write (a temporary file renamed over the object), with nothing held in between; two
 * writers with the same ETag both passed the check and both got 200. Its own check still runs first
 * and may refuse early; this one, under the lock, is the one that decides.
 *
 * <p>Scope: single PUTs of one server process (the store is never shared by two). Unconditional
 * writes and deletes are not ordered against the locked section; nothing writes a conditionally
 * written key that way.
 */
final class AtomicConditionalWrites extends ForwardingBlobStore {
    // A fixed set of locks, picked by key: bounded, and two keys sharing one only wait for each
    // other's (small, rare) conditional writes.
    private final ReentrantLock[] stripes = new ReentrantLock[64];

    AtomicConditionalWrites(BlobStore store) {
        super(store);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        if (request.ifMatch() == null && request.ifNoneMatch() == null) {
            return super.putBlob(request, content);
        }
        ReentrantLock lock = stripe(request.bucket(), request.key());
        lock.lock();
        try {
            requireCondition(
                    delegate().blobMetadataIfPresent(request.bucket(), request.key()),
                    request.ifMatch(),
                    request.ifNoneMatch());
            return super.putBlob(request, content);
        } finally {
            lock.unlock();
        }
    }

    /** The answers of S3 (and of s3proxy's own check): 404 for If-Match on no object, else 412. */
    static void requireCondition(HeadObjectResponse current, String ifMatch, String ifNoneMatch) {
        if (ifMatch != null) {
            if (current == null) {
                throw new S3ProxyException(S3ErrorCode.NO_SUCH_KEY);
            }
            if (!ifMatch.equals("*") && !sameETag(ifMatch, current.eTag())) {
                throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED);
            }
        }
        if (ifNoneMatch != null && current != null) {
            if (ifNoneMatch.equals("*") || sameETag(ifNoneMatch, current.eTag())) {
                throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED);
            }
        }
    }

    private static boolean sameETag(String a, String b) {
        return b != null && unquoted(a).equals(unquoted(b));
    }

    private static String unquoted(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1)
                : etag;
    }

    private ReentrantLock stripe(String bucket, String key) {
        return stripes[Math.floorMod((bucket + "/" + key).hashCode(), stripes.length)];
    }
}
