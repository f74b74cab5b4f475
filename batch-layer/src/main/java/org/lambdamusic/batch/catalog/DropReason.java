package org.lambdamusic.batch.catalog;

/** Why cleaning dropped a row; the names are the keys of the manifest's {@code dropped} map. */
public enum DropReason {
    /** track_id, track_name, artists or a feature is empty. */
    MISSING_REQUIRED_FIELD("missing_required_field"),
    /** A feature is present but not a finite number. */
    UNPARSABLE_FEATURE("unparsable_feature"),
    /** A later row repeats a track_id already kept (the first row in file order wins). */
    DUPLICATE_TRACK_ID("duplicate_track_id");

    private final String key;

    DropReason(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
