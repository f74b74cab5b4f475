package org.lambdamusic.serving.retrain;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The launch settings are missing, so no run can start: 503 problem naming them. */
public class RetrainNotConfiguredException extends ErrorResponseException {
    public RetrainNotConfiguredException(List<String> missing) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(missing), null);
    }

    private static ProblemDetail problem(List<String> missing) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Retraining is not configured on this instance: set "
                                + String.join(", ", missing)
                                + " (./pipeline up sets them).");
        problem.setTitle("Retraining not configured");
        return problem;
    }
}
