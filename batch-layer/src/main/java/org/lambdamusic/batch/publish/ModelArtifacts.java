package org.lambdamusic.batch.publish;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.model.ModelManifest;

/**
 * A complete model version in memory, ready to validate and publish.
 *
 * @param files file name to bytes, in upload order (manifest.json is not among them)
 */
public record ModelArtifacts(ModelManifest manifest, Map<String, byte[]> files) {

    public String version() {
        return manifest.version();
    }

    public byte[] manifestBytes() {
        return ContractsJson.writePretty(manifest);
    }

    /** Bytes of the version's files plus its manifest. */
    public long totalBytes() {
        long total = manifestBytes().length;
        for (byte[] file : files.values()) {
            total += file.length;
        }
        return total;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
