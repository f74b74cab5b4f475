package org.lambdamusic.serving.search;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.lambdamusic.serving.catalog.Catalog;
import org.lambdamusic.serving.catalog.TrackItem;
import org.lambdamusic.serving.catalog.UnknownTrackException;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Search and lookup over the served model's catalog. */
@RestController
public class TrackController {
    private final CurrentModel current;

    public TrackController(CurrentModel current) {
        this.current = current;
    }

    @Operation(summary = "Case-insensitive search over track name and artists, most popular first")
    @GetMapping("/api/tracks")
    public TrackPage search(
            @RequestParam(defaultValue = "") @Size(max = 200) String q,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @Parameter(
                            description =
                                    "true: only tracks the served model has similarities for,"
                                            + " i.e. that can seed POST /api/recommend")
                    @RequestParam(defaultValue = "false")
                    boolean recommendable) {
        Catalog catalog = current.require().catalog();
        Catalog.SearchPage page = catalog.search(q, limit, offset, recommendable);
        return new TrackPage(
                page.total(),
                limit,
                offset,
                page.tracks().stream().map(t -> TrackItem.of(t, catalog)).toList());
    }

    @Operation(summary = "One track with its audio features")
    @GetMapping("/api/tracks/{trackId}")
    public TrackDetails track(@PathVariable String trackId) {
        SimilarityModel model = current.require();
        return model.catalog()
                .find(trackId)
                .map(t -> TrackDetails.of(t, model.catalog()))
                .orElseThrow(() -> new UnknownTrackException(trackId, model.version()));
    }
}
