package org.lambdamusic.serving.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.ModelPoller;
import org.lambdamusic.serving.model.ModelStore;
import org.lambdamusic.serving.model.SimilarityModel;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/admin/rollback: serve an older version again (HTTP Basic, see AdminSecurity). */
@RestController
public class RollbackController {
    private final ModelRollback rollback;
    private final ModelPoller poller;
    private final CurrentModel current;

    public RollbackController(ModelStore store, ModelPoller poller, CurrentModel current) {
        this.rollback = new ModelRollback(store);
        this.poller = poller;
        this.current = current;
    }

    public record RollbackRequest(@NotBlank String version) {}

    /**
     * @param previous what LATEST named before
     * @param servingVersion what this instance serves once the swap is done (other instances follow
     *     at their next poll)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RollbackResult(String version, String previous, String servingVersion) {}

    @Operation(
            summary =
                    "Point models/LATEST at an existing version after verifying it (404 unknown,"
                            + " 422 fails verification) and swap to it")
    @PostMapping("/api/admin/rollback")
    public RollbackResult rollBack(@Valid @RequestBody RollbackRequest request) {
        ModelRollback.Result result = rollback.rollBack(request.version().trim());
        // This instance swaps now instead of at its next poll.
        poller.poll();
        return new RollbackResult(
                result.version(),
                result.previous(),
                current.get().map(SimilarityModel::version).orElse(null));
    }
}
