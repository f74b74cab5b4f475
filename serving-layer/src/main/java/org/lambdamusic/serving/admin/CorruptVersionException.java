package org.lambdamusic.serving.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Rollback to a version that fails the contract's checks: 422, LATEST untouched. */
public class CorruptVersionException extends ErrorResponseException {
    private final String reason;

    public CorruptVersionException(String version, String reason) {
        super(HttpStatus.UNPROCESSABLE_ENTITY, problem(version, reason), null);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    private static ProblemDetail problem(String version, String reason) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "Version "
                                + version
                                + " fails verification, LATEST was left as it was: "
                                + reason);
        problem.setTitle("Model version fails verification");
        return problem;
    }
}
