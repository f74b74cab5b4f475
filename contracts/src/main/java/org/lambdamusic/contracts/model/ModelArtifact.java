package org.lambdamusic.contracts.model;

import java.util.Map;
import org.lambdamusic.contracts.ContractsJson;

/**
 * A complete, encoded model version in memory, as {@link ModelWriter} makes it: ready to verify and
 * publish.
 *
 * @param files file name to bytes, in upload order ({@code manifest.json} is not among them)
 */
public record ModelArtifact(ModelManifest manifest, Map<String, byte[]> files) {

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
}
