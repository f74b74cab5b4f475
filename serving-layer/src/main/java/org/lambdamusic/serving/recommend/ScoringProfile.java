package org.lambdamusic.serving.recommend;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.contracts.ranking.Signal;

/**
 * How POST /api/recommend ranks ({@code profile}). "For you" (no seed): {@code blend} (default: the
 * scoring config's weights), {@code cf}, {@code content} or {@code popularity} alone. With a seed
 * track: {@code similarity} (default: the exact cosine neighbours), {@code kappa} (the earlier
 * system's (similarity + 0.01 × popularity) × 1.2 for the seed's genre) or {@code also_play}
 * (listeners who play the seed also play: the nearest tracks by ALS factors).
 */
public enum ScoringProfile {
    BLEND(true, null),
    CF(true, Signal.CF),
    CONTENT(true, Signal.CONTENT),
    POPULARITY(true, Signal.POPULARITY),
    SIMILARITY(false, Signal.SIMILARITY),
    KAPPA(false, Signal.KAPPA),
    ALSO_PLAY(false, Signal.ALSO_PLAY);

    public static final ScoringProfile FOR_YOU_DEFAULT = BLEND;
    public static final ScoringProfile SIMILAR_DEFAULT = SIMILARITY;
    public static final String PATTERN = "blend|cf|content|popularity|similarity|kappa|also_play";

    private final boolean forYou;
    private final Signal only;

    ScoringProfile(boolean forYou, Signal only) {
        this.forYou = forYou;
        this.only = only;
    }

    /** The profile a request names, or the default of its kind (with or without a seed). */
    public static ScoringProfile fromWire(String value, boolean seeded) {
        if (value == null) {
            return seeded ? SIMILAR_DEFAULT : FOR_YOU_DEFAULT;
        }
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the profiles that rank "for you" (no seed track). */
    public boolean forYou() {
        return forYou;
    }

    /** The one signal a single-signal profile ranks by; null for the blend. */
    public Signal signal() {
        return only;
    }

    /** The blend weights of a "for you" profile: the config's, or one signal alone. */
    ScoringSettings weights(ScoringSettings config) {
        return switch (this) {
            case CF -> ScoringSettings.CF_ONLY;
            case CONTENT -> ScoringSettings.CONTENT_ONLY;
            case POPULARITY -> ScoringSettings.POPULARITY_ONLY;
            default -> config;
        };
    }

    /** Wire names of the profiles of one kind, default first. */
    public static List<String> names(boolean forYou) {
        return Arrays.stream(values())
                .filter(p -> p.forYou == forYou)
                .map(ScoringProfile::wireName)
                .toList();
    }
}
