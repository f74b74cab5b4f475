package org.lambdamusic.contracts.model;

/**
 * Where a model lives in object storage (ARCHITECTURE.md, "Batch layer contract"):
 *
 * <pre>
 * &lt;root&gt;/&lt;version&gt;/manifest.json
 * &lt;root&gt;/&lt;version&gt;/scaler.json
 * &lt;root&gt;/&lt;version&gt;/tracks.csv.gz     the matrix rows, in order
 * &lt;root&gt;/&lt;version&gt;/catalog.csv.gz    (sample mode) the clean tracks outside the sample
 * &lt;root&gt;/&lt;version&gt;/similarity.f32   (sample mode)
 * &lt;root&gt;/&lt;version&gt;/neighbors.bin    (full-catalog mode)
 * &lt;root&gt;/LATEST                      the serving version id, written last
 * &lt;root&gt;/_retrain/results/&lt;run_id&gt;.json  a run's outcome ({@link BatchRunResult})
 * </pre>
 *
 * {@code root} is a key prefix such as {@code models}; it never starts or ends with '/'.
 */
public record ArtifactLayout(String root) {
    public static final String DEFAULT_ROOT = "models";
    public static final String LATEST = "LATEST";
    public static final String MANIFEST = "manifest.json";
    public static final String SCALER = "scaler.json";
    public static final String TRACKS = "tracks.csv.gz";
    public static final String CATALOG = "catalog.csv.gz";
    public static final String SIMILARITY = "similarity.f32";
    public static final String NEIGHBORS = "neighbors.bin";

    /** Header of tracks.csv.gz, in column order; the eleven features follow {@code popularity}. */
    public static final String TRACKS_HEADER =
            "row,track_id,track_name,artists,album_name,track_genre,popularity,"
                    + String.join(",", AudioFeatures.NAMES);

    public ArtifactLayout {
        root = trimSlashes(root == null ? DEFAULT_ROOT : root);
    }

    public static ArtifactLayout defaults() {
        return new ArtifactLayout(DEFAULT_ROOT);
    }

    public String latestKey() {
        return prefixed(LATEST);
    }

    /**
     * Where a batch run given {@code runId} writes its {@link BatchRunResult}.
     *
     * @throws IllegalArgumentException when the id is not a valid key segment
     */
    public String runResultKey(String runId) {
        if (!BatchRunResult.isValidRunId(runId)) {
            throw new IllegalArgumentException("not a valid run id: '" + runId + "'");
        }
        return prefixed("_retrain/results/" + runId + ".json");
    }

    public String versionPrefix(String version) {
        return prefixed(version) + "/";
    }

    public String fileKey(String version, String file) {
        return versionPrefix(version) + file;
    }

    private String prefixed(String name) {
        return root.isEmpty() ? name : root + "/" + name;
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') start++;
        while (end > start && s.charAt(end - 1) == '/') end--;
        return s.substring(start, end);
    }
}
