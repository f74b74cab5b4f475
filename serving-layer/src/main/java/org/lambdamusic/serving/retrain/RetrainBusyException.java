package org.lambdamusic.serving.retrain;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A run is queued or running (here or on another instance): 409 problem naming it. */
public class RetrainBusyException extends ErrorResponseException {
    private final String runId;

    public RetrainBusyException(String runId, String owner) {
        super(HttpStatus.CONFLICT, problem(runId, owner), null);
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }

    private static ProblemDetail problem(String runId, String owner) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.CONFLICT,
                        "Retrain run "
                                + (runId == null ? "(unknown)" : runId)
                                + " is queued or running"
                                + (owner == null ? "" : " on " + owner)
                                + "; one run at a time. Follow it at GET /api/admin/retrain/"
                                + (runId == null ? "" : runId)
                                + ".");
        problem.setTitle("Retrain already running");
        problem.setProperty("run_id", runId);
        return problem;
    }
}
