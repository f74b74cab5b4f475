package org.lambdamusic.serving.retrain;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No such run in this instance's recent history: 404 problem. */
public class UnknownRunException extends ErrorResponseException {
    public UnknownRunException(String runId) {
        super(HttpStatus.NOT_FOUND, problem(runId), null);
    }

    private static ProblemDetail problem(String runId) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.NOT_FOUND,
                        "No retrain run '"
                                + abbreviate(runId)
                                + "' among the recent runs of this instance (GET /api/admin/retrain"
                                + " lists them).");
        problem.setTitle("Unknown retrain run");
        return problem;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
