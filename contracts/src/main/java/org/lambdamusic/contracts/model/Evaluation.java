package org.lambdamusic.contracts.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The manifest's {@code evaluation}: how well the version's rankings predicted held-out listening,
 * measured by the batch job through the serving layer's ranking code before it published.
 *
 * @param protocol how the listeners and their held-out part were chosen, in one line
 * @param listeners listeners evaluated
 * @param heldOut held-out items (tracks, or artists for replayed listeners) over all of them
 * @param rankers ranker name ({@link #BLEND}, {@code cf}, {@code content}, {@code popularity},
 *     {@code cooccurrence}, …) to its figures
 * @param evalMs wall time of the evaluation (training on the split included)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evaluation(
        @JsonProperty("protocol") String protocol,
        @JsonProperty("listeners") long listeners,
        @JsonProperty("held_out") long heldOut,
        @JsonProperty("rankers") Map<String, RankerQuality> rankers,
        @JsonProperty("eval_ms") long evalMs) {

    /** The ranker "for you" serves, the one the promotion gate compares. */
    public static final String BLEND = "blend";

    /** The blend's NDCG@10, or null when it was not measured. */
    public Double blendNdcg() {
        RankerQuality q = rankers == null ? null : rankers.get(BLEND);
        return q == null ? null : q.ndcgAt10();
    }

    /**
     * One ranker's figures over the evaluated listeners (means, except coverage).
     *
     * @param hrAt10 share of listeners with at least one held-out item in their top 10
     * @param ndcgAt10 normalised discounted cumulative gain of the top 10 (binary relevance)
     * @param recallAt50 share of a listener's held-out items found in their top 50
     * @param coverage distinct tracks over all top-10 lists, over the recommendable tracks
     * @param meanPopularity mean Spotify popularity (0-100) of the recommended top-10 tracks
     */
    public record RankerQuality(
            @JsonProperty("hr_at_10") double hrAt10,
            @JsonProperty("ndcg_at_10") double ndcgAt10,
            @JsonProperty("recall_at_50") double recallAt50,
            @JsonProperty("coverage") double coverage,
            @JsonProperty("mean_popularity") double meanPopularity) {}
}
