package org.lambdamusic.serving.trending;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Optional;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.view.TrendingTrack;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The speed layer's trending tracks, best first. */
@RestController
public class TrendingController {
    private final TrendingBoard board;
    private final CurrentModel current;

    public TrendingController(TrendingBoard board, CurrentModel current) {
        this.board = board;
        this.current = current;
    }

    @Operation(summary = "Top tracks of the current trending window (empty before the first view)")
    @GetMapping("/api/trending")
    public TrendingResponse trending(
            @RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit) {
        Optional<TrendingView> view = board.latest();
        if (view.isEmpty()) {
            return new TrendingResponse(null, null, List.of());
        }
        Optional<SimilarityModel> model = current.get();
        List<TrendingResponse.Item> items =
                view.get().tracks().stream().limit(limit).map(t -> item(t, model)).toList();
        return new TrendingResponse(view.get().windowStart(), view.get().windowEnd(), items);
    }

    private static TrendingResponse.Item item(TrendingTrack t, Optional<SimilarityModel> model) {
        Optional<CatalogTrack> track = model.flatMap(m -> m.catalog().find(t.trackId()));
        return new TrendingResponse.Item(
                t.trackId(),
                track.map(CatalogTrack::trackName).orElse(null),
                track.map(CatalogTrack::artists).orElse(null),
                t.score(),
                t.plays(),
                t.likes(),
                t.skips());
    }
}
