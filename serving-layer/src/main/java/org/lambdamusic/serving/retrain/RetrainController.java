package org.lambdamusic.serving.retrain;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The admin API of retraining (HTTP Basic, see AdminSecurity): start a run, follow the runs. */
@RestController
@RequestMapping("/api/admin/retrain")
public class RetrainController {
    static final int LOG_TAIL_LINES = 50;

    private final Retrainer retrainer;

    public RetrainController(Retrainer retrainer) {
        this.retrainer = retrainer;
    }

    /** GET /api/admin/retrain: the recent runs of every instance on the bucket, newest first. */
    public record Runs(List<RetrainRun> runs) {}

    /** GET /api/admin/retrain/{run_id}: one run and the last lines of its log. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunDetail(@JsonUnwrapped RetrainRun run, List<String> logTail) {}

    @Operation(summary = "Start a retrain run now (202), or 409 while one is queued or running")
    @PostMapping
    public ResponseEntity<RetrainRun> retrain() {
        RetrainRun run = retrainer.submit(Trigger.API);
        return ResponseEntity.accepted()
                .location(URI.create("/api/admin/retrain/" + run.runId()))
                .body(run);
    }

    @Operation(summary = "Recent retrain runs of every instance on the bucket, newest first")
    @GetMapping
    public Runs runs() {
        return new Runs(retrainer.runs());
    }

    @Operation(summary = "One retrain run with the last 50 lines of its log")
    @GetMapping("/{runId}")
    public RunDetail run(@PathVariable String runId) {
        RunJournal.Entry entry =
                retrainer
                        .describe(runId, LOG_TAIL_LINES)
                        .orElseThrow(() -> new UnknownRunException(runId));
        return new RunDetail(entry.run(), entry.logTail());
    }
}
