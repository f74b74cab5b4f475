package org.lambdamusic.serving.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Rollback to a version the store does not hold (never published, or removed by retention). */
public class UnknownVersionException extends ErrorResponseException {
    public UnknownVersionException(String version, String location) {
        super(HttpStatus.NOT_FOUND, problem(version, location), null);
    }

    private static ProblemDetail problem(String version, String location) {
        String shown =
                version == null
                        ? "null"
                        : version.length() > 80 ? version.substring(0, 80) + "…" : version;
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.NOT_FOUND,
                        "No model version '"
                                + shown
                                + "' in "
                                + location
                                + "; GET /api/models lists the versions kept.");
        problem.setTitle("Unknown model version");
        return problem;
    }
}
